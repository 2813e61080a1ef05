import request from 'supertest';
import { createEmulator } from '../../../emulator/app';
import type { EmulatorOptions } from '../../../emulator/context';
import type { EmulatorOptionsFile } from '../../../emulator/option-switches';

const KEY = 'emulator-api-test-key';

/** A Directory Insights event as the emulator answers it. */
export type DiEvent = Record<string, unknown> & { event_type: string; changes?: { field: string; from: unknown; to: unknown }[] };

/**
 * An in-process emulator driven over HTTP the way a client drives JumpCloud: `call` sends with the
 * API key and a fixed User-Agent, `events` reads Directory Insights (optionally only events
 * matching a `search_term`), `setOptions` flips switches through `PATCH /__emulator/options`.
 */
export function emulatorApi(options: Partial<EmulatorOptions> = {}) {
  const { app, ctx } = createEmulator({ apiKey: KEY, ...options });
  const call = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, body?: object) => {
    const pending = request(app)[method](path).set('x-api-key', KEY).set('user-agent', 'emulator-test/1.2.3');
    return body === undefined ? pending : pending.send(body);
  };
  const events = async (searchTerm?: Record<string, unknown>): Promise<DiEvent[]> => {
    const res = await call('post', '/insights/directory/v1/events', {
      service: ['directory'],
      start_time: '2000-01-01T00:00:00Z',
      sort: 'ASC',
      limit: 10000,
      ...(searchTerm ? { search_term: searchTerm } : {}),
    });
    if (res.status !== 200) throw new Error(`events answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as DiEvent[];
  };
  const setOptions = async (patch: EmulatorOptionsFile) => {
    const res = await call('patch', '/__emulator/options', patch);
    if (res.status !== 200) throw new Error(`options answered ${res.status}: ${JSON.stringify(res.body)}`);
  };
  /** Creates a user over the API; answers the stored user. */
  const createUser = async (body: object) => {
    const res = await call('post', '/api/systemusers', body);
    if (res.status !== 200) throw new Error(`create answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as Record<string, unknown> & { _id: string };
  };
  return { app, ctx, call, events, setOptions, createUser };
}
