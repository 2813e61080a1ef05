import request from 'supertest';
import { createEmulator } from '../../../emulator/app';

const KEY = 'console-test-key';

/** Outside changes for change-feed tests: a console admin and a user's first login, as DI reports them. */
describe('emulator console actor, first login and runtime options', () => {
  const { app } = createEmulator({ apiKey: KEY });
  const api = (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string) => request(app)[method](path).set('x-api-key', KEY);
  const events = async (): Promise<Record<string, unknown>[]> =>
    (await api('post', '/insights/directory/v1/events').send({ service: ['directory'], start_time: '2000-01-01T00:00:00Z', sort: 'ASC' }).expect(200)).body;

  it('a console change is a DI event with auth_method session and the console admin', async () => {
    const created = await api('post', '/api/systemusers').send({ username: 'dora', email: 'dora@example.com' }).expect(200);
    await api('put', `/__emulator/users/${created.body._id}/console`).send({ jobTitle: 'Chief Explorer' }).expect(200);
    const update = (await events()).filter((e) => e.event_type === 'user_update').pop() as Record<string, unknown>;
    expect(update).toMatchObject({ auth_method: 'session', initiated_by: { type: 'admin', email: 'console.admin@example.com' }, resource: { id: created.body._id } });
    expect(update.changes).toEqual(expect.arrayContaining([{ field: 'jobTitle', from: '', to: 'Chief Explorer' }]));
    const apiCreate = (await events()).find((e) => e.event_type === 'user_create') as Record<string, unknown>;
    expect(apiCreate.auth_method).toBe('api key');
  });

  it('console create and delete, under the same rules as the API', async () => {
    const created = await api('post', '/__emulator/users/console').send({ username: 'eve', email: 'eve@example.com' }).expect(200);
    await api('post', '/__emulator/users/console').send({ username: 'eve', email: 'eve2@example.com' }).expect(400);
    await api('delete', `/__emulator/users/${created.body._id}/console`).expect(200);
    await api('get', `/api/systemusers/${created.body._id}`).expect(404);
    const kinds = (await events()).filter((e) => (e.resource as { id: string }).id === created.body._id).map((e) => `${e.event_type}/${e.auth_method}`);
    expect(kinds).toEqual(['user_create/session', 'user_delete/session']);
  });

  it('first login activates a password-pending user, initiated by the user', async () => {
    const created = await api('post', '/api/systemusers').send({ username: 'finn', email: 'finn@example.com' }).expect(200);
    expect(created.body.activated).toBe(false);
    const after = await api('post', `/__emulator/users/${created.body._id}/first-login`).send({ password: 'S3cure-Passw0rd!' }).expect(200);
    expect(after.body.activated).toBe(true);
    const set = (await events()).find((e) => e.event_type === 'user_password_set' && (e.resource as { id: string }).id === created.body._id);
    expect(set).toMatchObject({ auth_method: 'session', initiated_by: { type: 'user', id: created.body._id, email: 'finn@example.com' } });
    expect(JSON.stringify(await events())).not.toContain('S3cure-Passw0rd!');
  });

  it('switches Directory Insights off and on at run time, and refuses unknown switches', async () => {
    expect((await api('patch', '/__emulator/options').send({ directoryInsightsEnabled: false }).expect(200)).body.directoryInsightsEnabled).toBe(false);
    await api('post', '/insights/directory/v1/events').send({ service: ['directory'], start_time: '2000-01-01T00:00:00Z' }).expect(403);
    await api('patch', '/__emulator/options').send({ directoryInsightsEnabled: true }).expect(200);
    await events();
    await api('patch', '/__emulator/options').send({ apiKey: 'steal' }).expect(400);
    await api('patch', '/__emulator/options').send({ duplicateMemberAdd: 'maybe' }).expect(400);
  });
});
