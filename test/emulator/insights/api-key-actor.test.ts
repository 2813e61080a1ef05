import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatorOptions } from '../../../emulator/context';
import { emulatorApi } from '../support/emulator-api';

interface ActorCase {
  name: string;
  options: Pick<EmulatorOptions, 'apiKeyAuthMethod' | 'apiKeyEventSource'>;
  authMethod: string;
  source: string | null;
}

const { cases } = JSON.parse(readFileSync(join(__dirname, 'api-key-actor.cases.json'), 'utf8')) as { cases: ActorCase[] };

/** The other value of each switch: the emulator starts there, and the case flips it at run time. */
function opposite(options: ActorCase['options']): ActorCase['options'] {
  return {
    apiKeyAuthMethod: options.apiKeyAuthMethod === 'api key' ? 'api-key' : 'api key',
    apiKeyEventSource: options.apiKeyEventSource === 'scim' ? 'none' : 'scim',
  };
}

/** Every kind of write an API key can make, so every event type the emulator records appears. */
async function everyApiKeyWrite(env: ReturnType<typeof emulatorApi>): Promise<void> {
  const { call, createUser } = env;
  const manager = await createUser({ username: 'boss', email: 'boss@example.com' });
  const report = await createUser({ username: 'worker', email: 'worker@example.com', manager: manager._id, state: 'STAGED' });
  await call('put', `/api/systemusers/${report._id}`, { jobTitle: 'Engineer' }).expect(200);
  await call('post', `/api/systemusers/${report._id}/state/activate`, {}).expect(200);
  await call('put', `/api/systemusers/${report._id}`, { state: 'SUSPENDED' }).expect(200);
  await call('put', `/api/systemusers/${report._id}`, { state: 'ACTIVATED', password: 'Passw0rd-Set!' }).expect(200);
  const group = (await call('post', '/api/v2/usergroups', { name: 'Ops' }).expect(201)).body as { id: string };
  await call('put', `/api/v2/usergroups/${group.id}`, { name: 'Operations' }).expect(200);
  await call('post', `/api/v2/usergroups/${group.id}/members`, { op: 'add', type: 'user', id: report._id }).expect(204);
  await call('post', `/api/v2/usergroups/${group.id}/members`, { op: 'remove', type: 'user', id: report._id }).expect(204);
  await call('delete', `/api/v2/usergroups/${group.id}`).expect(204);
  // Deleting a manager with cascade_manager=null also updates the report (one more API-key write).
  await call('delete', `/api/systemusers/${manager._id}?cascade_manager=null`).expect(200);
  await call('post', '/__emulator/seed', { users: [{ username: 'seeded', email: 'seeded@example.com' }], groups: [{ name: 'Seeded', members: ['seeded'] }] }).expect(200);
}

describe('API-key writes in Directory Insights follow apiKeyAuthMethod and apiKeyEventSource as they are NOW', () => {
  it.each(cases)('$name: every API-key event after a run-time flip', async ({ options, authMethod, source }) => {
    const env = emulatorApi({ adminId: 'a'.repeat(24), adminEmail: 'root@example.com', ...opposite(options) });
    await env.createUser({ username: 'before', email: 'before@example.com' });
    const before = (await env.events()).length;
    await env.setOptions(options);
    await everyApiKeyWrite(env);

    const after = (await env.events()).slice(before);
    expect(new Set(after.map((event) => event.event_type))).toEqual(
      new Set(['user_create', 'user_update', 'user_activated', 'user_suspended', 'user_unsuspended', 'user_password_set', 'user_delete', 'group_create', 'group_update', 'group_delete', 'association_change']),
    );
    const initiatedBy = { type: 'admin', id: 'a'.repeat(24), email: 'root@example.com', ...(source === null ? {} : { source }) };
    for (const event of after) {
      // toEqual on the whole object: with `none` the key `source` must be absent, not empty.
      expect({ type: event.event_type, auth_method: event.auth_method, initiated_by: event.initiated_by }).toEqual({ type: event.event_type, auth_method: authMethod, initiated_by: initiatedBy });
      if (source === null) expect(event.initiated_by).not.toHaveProperty('source');
    }
  });

  it('events recorded before a flip keep the actor they were recorded with', async () => {
    const env = emulatorApi();
    await env.createUser({ username: 'early', email: 'early@example.com' });
    await env.setOptions({ apiKeyAuthMethod: 'api-key', apiKeyEventSource: 'none' });
    await env.createUser({ username: 'late', email: 'late@example.com' });
    const [early, late] = await env.events();
    expect([early?.auth_method, (early?.initiated_by as { source?: string }).source]).toEqual(['api key', 'scim']);
    expect([late?.auth_method, (late?.initiated_by as { source?: string }).source]).toEqual(['api-key', undefined]);
  });

  it('console and self-service changes stay session changes whatever the API-key switches say', async () => {
    const env = emulatorApi({ apiKeyAuthMethod: 'api-key', apiKeyEventSource: 'scim' });
    const user = (await env.call('post', '/__emulator/users/console', { username: 'dora', email: 'dora@example.com' }).expect(200)).body as { _id: string };
    await env.call('post', `/__emulator/users/${user._id}/first-login`, { password: 'S3cure-Passw0rd!' }).expect(200);
    const events = await env.events();
    expect(events.map((event) => [event.event_type, event.auth_method, (event.initiated_by as { source?: string }).source])).toEqual([
      ['user_create', 'session', undefined],
      ['user_update', 'session', undefined],
      ['user_password_set', 'session', undefined],
    ]);
  });
});
