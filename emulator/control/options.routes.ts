import { Router } from 'express';
import type { EmulatorOptions } from '../context';
import { badRequest } from '../http/http-errors';
import { BEHAVIOUR_SWITCHES, parseEmulatorOptions } from '../option-switches';

/**
 * `GET /__emulator/options` and `PATCH /__emulator/options` (mounted under /__emulator): read
 * and flip the behaviour switches (`BEHAVIOUR_SWITCHES`), e.g. `{"directoryInsightsEnabled":
 * false}` to act as a key without Directory Insights access mid-test. The object is shared with
 * every route, so a change applies to the next request. Keys and org ids are fixed at start.
 */
export function optionsRouter(options: EmulatorOptions): Router {
  const router = Router();
  const snapshot = (): Record<string, unknown> => Object.fromEntries(BEHAVIOUR_SWITCHES.map(({ name }) => [name, options[name]]));
  router.get('/options', (_req, res) => {
    res.json(snapshot());
  });
  router.patch('/options', (req, res) => {
    let body;
    try {
      body = parseEmulatorOptions(req.body, 'the options body');
    } catch (error) {
      throw badRequest(`Bad Request: ${(error as Error).message}`);
    }
    Object.assign(options, body);
    res.json(snapshot());
  });
  return router;
}
