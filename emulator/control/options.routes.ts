import { Router } from 'express';
import type { EmulatorOptions } from '../context';
import { badRequest } from '../http/http-errors';

/** The switches a running emulator lets tests flip (others are fixed at start: keys, org ids). */
const RUNTIME_SWITCHES = ['directoryInsightsEnabled', 'duplicateMemberAdd', 'duplicateGroupName', 'nonMemberRemove', 'defaultUserState'] as const;

/**
 * `GET /__emulator/options` and `PATCH /__emulator/options` (mounted under /__emulator): read
 * and flip runtime switches, e.g. `{"directoryInsightsEnabled": false}` to act as a key without
 * Directory Insights access mid-test. The object is shared with every route, so a change applies
 * to the next request.
 */
export function optionsRouter(options: EmulatorOptions): Router {
  const router = Router();
  const snapshot = (): Record<string, unknown> => Object.fromEntries(RUNTIME_SWITCHES.map((key) => [key, options[key]]));
  router.get('/options', (_req, res) => {
    res.json(snapshot());
  });
  router.patch('/options', (req, res) => {
    const body = req.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('Bad Request: the body must be a JSON object');
    const unknown = Object.keys(body).filter((key) => !(RUNTIME_SWITCHES as readonly string[]).includes(key));
    if (unknown.length > 0) throw badRequest(`Bad Request: not a runtime switch: ${unknown.join(', ')} (switches: ${RUNTIME_SWITCHES.join(', ')})`);
    const allowed: Record<string, (value: unknown) => boolean> = {
      directoryInsightsEnabled: (v) => typeof v === 'boolean',
      duplicateMemberAdd: (v) => v === 'conflict' || v === 'no-content',
      duplicateGroupName: (v) => v === 'conflict' || v === 'allow',
      nonMemberRemove: (v) => v === 'not-found' || v === 'no-content',
      defaultUserState: (v) => v === 'ACTIVATED' || v === 'STAGED',
    };
    for (const [key, value] of Object.entries(body)) {
      if (!allowed[key]?.(value)) throw badRequest(`Bad Request: invalid value for ${key}`);
    }
    Object.assign(options, body);
    res.json(snapshot());
  });
  return router;
}
