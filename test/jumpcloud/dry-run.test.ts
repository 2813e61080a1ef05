import { startEmulator, type RunningEmulator } from '../../emulator/server';
import { dryRunClient, isDryRunCall, JumpCloudClient, JumpCloudError, type CallEvent } from '../../src/jumpcloud';

const KEY = 'dry-run-test-key';
let emulator: RunningEmulator;
let real: JumpCloudClient;

beforeAll(async () => {
  emulator = await startEmulator({ options: { apiKey: KEY } });
  real = new JumpCloudClient({ baseUrl: emulator.url, apiKey: KEY, timeoutMs: 3000, retry: { baseDelayMs: 2, maxDelayMs: 5 } });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.ctx.reset());

const NOW = new Date('2026-03-01T12:00:00.000Z');
const ID = '65e1c2c0aaaaaaaaaaaaaaaa';

/** A dry-run client over the real one, with the skipped calls it reports. */
function rehearsal(): { client: JumpCloudClient; skipped: CallEvent[] } {
  const skipped: CallEvent[] = [];
  const client = dryRunClient(real, { onCall: (event) => skipped.push(event), now: () => NOW, newId: () => ID });
  return { client, skipped };
}

/** Requests the emulator received other than reads. */
function writesReceived(): string[] {
  return emulator.ctx.requests
    .list()
    .filter((r) => !(r.method === 'GET' || (r.method === 'POST' && r.path === '/api/search/systemusers')))
    .map((r) => `${r.method} ${r.path}`);
}

function seedUser(body: Record<string, unknown>): Record<string, unknown> {
  return emulator.ctx.users.create(body, { authMethod: 'api-key', initiatedBy: { type: 'admin', id: 'seed', email: 'seed@example.com' } });
}

describe('dry-run JumpCloud client', () => {
  it('create answers the user JumpCloud would: defaults, the new id, created, state, activated from the password; nothing is sent', async () => {
    const { client, skipped } = rehearsal();
    const pending = await client.users.create({ username: 'ada', email: 'ada@example.com', firstname: 'Ada' });
    expect(pending).toMatchObject({ _id: ID, id: ID, username: 'ada', firstname: 'Ada', lastname: '', attributes: [], employeeIdentifier: null, created: NOW.toISOString(), state: 'ACTIVATED', suspended: false, activated: false });
    const withPassword = await client.users.create({ username: 'bob', email: 'bob@example.com', password: 'S3cret!', state: 'SUSPENDED' });
    expect(withPassword).toMatchObject({ state: 'SUSPENDED', suspended: true, activated: true });
    expect(withPassword).not.toHaveProperty('password');
    expect(skipped).toEqual([
      { method: 'POST', route: '/api/systemusers', status: 200, attempt: 1, durationMs: 0, waitedMs: 0, dryRun: true },
      { method: 'POST', route: '/api/systemusers', status: 200, attempt: 1, durationMs: 0, waitedMs: 0, dryRun: true },
    ]);
    expect(skipped.every(isDryRunCall)).toBe(true);
    expect(writesReceived()).toEqual([]);
    expect(emulator.ctx.users.count()).toBe(0);
  });

  it('create of a taken username or e-mail (any case) is the 400 "User already exists" JumpCloud answers', async () => {
    seedUser({ username: 'taken', email: 'taken@example.com' });
    const { client, skipped } = rehearsal();
    for (const body of [
      { username: 'TAKEN', email: 'other@example.com' },
      { username: 'other', email: 'Taken@Example.com' },
    ]) {
      const error = await client.users.create(body).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JumpCloudError);
      expect((error as JumpCloudError).isAlreadyExists()).toBe(true);
      expect((error as JumpCloudError).status).toBe(400);
    }
    expect(skipped.map((e) => e.status)).toEqual([400, 400]);
    expect(writesReceived()).toEqual([]);
  });

  it('update answers the current user merged, arrays replaced whole, password making it activated', async () => {
    const current = seedUser({ username: 'carol', email: 'carol@example.com', jobTitle: 'Dev', attributes: [{ name: 'a', value: '1' }, { name: 'b', value: '2' }] });
    const { client, skipped } = rehearsal();
    const updated = await client.users.update(current._id as string, { jobTitle: 'Lead', attributes: [{ name: 'b', value: '3' }], state: 'SUSPENDED', password: 'N3w!' });
    expect(updated).toMatchObject({ _id: current._id, username: 'carol', jobTitle: 'Lead', attributes: [{ name: 'b', value: '3' }], state: 'SUSPENDED', suspended: true, activated: true });
    expect(updated).not.toHaveProperty('password');
    expect(skipped).toEqual([expect.objectContaining({ method: 'PUT', route: '/api/systemusers/{id}', status: 200, dryRun: true })]);
    expect(emulator.ctx.users.get(current._id as string)).toMatchObject({ jobTitle: 'Dev', state: 'ACTIVATED', activated: false });
    expect(writesReceived()).toEqual([]);
  });

  it('update and delete of a missing user fail with the 404 of the read, and report no skipped call', async () => {
    const { client, skipped } = rehearsal();
    await expect(client.users.update('0123456789abcdef01234567', { jobTitle: 'x' })).rejects.toMatchObject({ status: 404 });
    await expect(client.users.delete('0123456789abcdef01234567', { cascadeManager: 'clear' })).rejects.toMatchObject({ status: 404 });
    expect(skipped).toEqual([]);
  });

  it('delete answers the current user; a manager without cascade is the 409 JumpCloud answers', async () => {
    const boss = seedUser({ username: 'boss', email: 'boss@example.com' });
    seedUser({ username: 'report', email: 'report@example.com', manager: boss._id });
    const { client, skipped } = rehearsal();
    await expect(client.users.delete(boss._id as string)).rejects.toMatchObject({ status: 409 });
    await expect(client.users.delete(boss._id as string, { cascadeManager: 'clear' })).resolves.toMatchObject({ _id: boss._id, username: 'boss' });
    expect(skipped.map((e) => `${e.method} ${e.route} ${e.status}`)).toEqual(['DELETE /api/systemusers/{id} 409', 'DELETE /api/systemusers/{id} 200']);
    expect(emulator.ctx.users.count()).toBe(2);
    expect(writesReceived()).toEqual([]);
  });

  it('activate, member add/remove and group writes send nothing and report what they would', async () => {
    const user = seedUser({ username: 'dave', email: 'dave@example.com' });
    const group = await real.groups.create({ name: 'Engineers' });
    emulator.ctx.requests.clear();
    const { client, skipped } = rehearsal();
    await client.users.activate(user._id as string, { email: false });
    await expect(client.members.add(group.id, user._id as string)).resolves.toBe('added');
    await client.members.remove(group.id, user._id as string);
    await expect(client.groups.create({ name: 'Designers', description: 'UX' })).resolves.toEqual({ id: ID, type: 'user_group', name: 'Designers', description: 'UX', email: '', attributes: null, membershipMethod: 'STATIC' });
    await expect(client.groups.create({ name: 'Engineers' })).rejects.toMatchObject({ status: 409 });
    await expect(client.groups.update(group.id, { name: 'Engineering' })).resolves.toMatchObject({ id: group.id, name: 'Engineering', description: '' });
    await client.groups.delete(group.id);
    expect(skipped.map((e) => `${e.method} ${e.route} ${e.status}`)).toEqual([
      'POST /api/systemusers/{id}/state/activate 200',
      'POST /api/v2/usergroups/{group_id}/members 204',
      'POST /api/v2/usergroups/{group_id}/members 204',
      'POST /api/v2/usergroups 201',
      'POST /api/v2/usergroups 409',
      'PUT /api/v2/usergroups/{id} 200',
      'DELETE /api/v2/usergroups/{id} 204',
    ]);
    expect(writesReceived()).toEqual([]);
    expect((await real.groups.get(group.id)).name).toBe('Engineers');
  });

  it('refuses an invalid body exactly as the real client does (nothing sent, nothing reported)', async () => {
    const { client, skipped } = rehearsal();
    const invalid = { username: 'x', email: 'x@example.com', bogus: true } as unknown as Parameters<JumpCloudClient['users']['create']>[0];
    const realError = await real.users.create(invalid).catch((e: unknown) => e);
    const dryError = await client.users.create(invalid).catch((e: unknown) => e);
    expect(dryError).toBeInstanceOf(JumpCloudError);
    expect((dryError as JumpCloudError).kind).toBe('invalid-request');
    expect((dryError as JumpCloudError).message).toBe((realError as JumpCloudError).message);
    expect(skipped).toEqual([]);
  });

  it('reads pass through unchanged', async () => {
    seedUser({ username: 'erin', email: 'erin@example.com' });
    const { client } = rehearsal();
    expect(await client.users.listPage()).toEqual(await real.users.listPage());
    expect(client.endpoints).toBe(real.endpoints);
  });
});
