import type { Actor, EmulatorOptions, ObjectMutation } from '../../../emulator/context';
import { EmulatorHttpError } from '../../../emulator/context';
import { DEFAULT_OPTIONS } from '../../../emulator/default-options';
import { InMemoryMutationBus } from '../../../emulator/mutation-bus';
import { createObjectIdGenerator } from '../../../emulator/object-id';
import { UserStore } from '../../../emulator/users/user-store';

const actor: Actor = { authMethod: 'api-key', initiatedBy: { type: 'admin', id: 'a'.repeat(24), email: 'admin@example.com' } };

function makeStore(overrides: Partial<EmulatorOptions> = {}) {
  const bus = new InMemoryMutationBus();
  const published: ObjectMutation[] = [];
  // The user store publishes changes to users only (memberships are the group store's).
  bus.subscribe((mutation) => {
    if (mutation.eventType !== 'association_change') published.push(mutation);
  });
  let clock = Date.parse('2024-05-01T12:00:00.000Z');
  const now = () => new Date(clock);
  const store = new UserStore({ bus, now, newObjectId: createObjectIdGenerator(now), options: { ...DEFAULT_OPTIONS, apiKey: 'k', ...overrides } });
  return { store, published, tick: (ms: number) => (clock += ms) };
}

function status(run: () => unknown): { status: number; message: unknown } {
  try {
    run();
  } catch (error) {
    if (error instanceof EmulatorHttpError) return { status: error.status, message: error.body.message };
    throw error;
  }
  throw new Error('expected an EmulatorHttpError');
}

describe('UserStore', () => {
  it('creates users whose ids grow with creation order and keeps them in _id order', () => {
    const { store, tick } = makeStore();
    const a = store.create({ username: 'a1', email: 'a1@example.com' }, actor);
    tick(5);
    const b = store.create({ username: 'b1', email: 'b1@example.com' }, actor);
    expect((a._id as string) < (b._id as string)).toBe(true);
    // A seeded record older than both lands first in _id order.
    const seeded = store.create({ username: 'old', email: 'old@example.com' }, actor, { id: '000000010000000000000000' });
    expect(seeded.created).toBe('1970-01-01T00:00:01.000Z');
    expect(store.idsInOrder(0, 10)).toEqual([seeded._id, a._id, b._id]);
    expect(store.count()).toBe(3);
  });

  it('refuses a seeded _id that is malformed or taken', () => {
    const { store } = makeStore();
    expect(status(() => store.create({ username: 'x', email: 'x@example.com' }, actor, { id: 'nope' })).status).toBe(400);
    store.create({ username: 'y', email: 'y@example.com' }, actor, { id: 'f'.repeat(24) });
    expect(status(() => store.create({ username: 'z', email: 'z@example.com' }, actor, { id: 'f'.repeat(24) })).message).toBe('User already exists');
  });

  it('treats usernames and e-mails as unique case-insensitively', () => {
    const { store } = makeStore();
    store.create({ username: 'Pat', email: 'Pat@Example.com' }, actor);
    expect(status(() => store.create({ username: 'pat', email: 'other@example.com' }, actor))).toEqual({ status: 400, message: 'User already exists' });
    expect(status(() => store.create({ username: 'pat2', email: 'pat@example.COM' }, actor))).toEqual({ status: 400, message: 'User already exists' });
  });

  it('keeps indexes right across renames and deletes', () => {
    const { store } = makeStore();
    const user = store.create({ username: 'first', email: 'first@example.com', employeeIdentifier: 'E1' }, actor);
    store.update(user._id as string, { username: 'second', email: 'second@example.com', employeeIdentifier: 'E2' }, actor);
    // The old values are free again, the new ones are taken.
    const other = store.create({ username: 'first', email: 'first@example.com', employeeIdentifier: 'E1' }, actor);
    expect(status(() => store.create({ username: 'second', email: 'x@example.com' }, actor)).message).toBe('User already exists');
    expect(status(() => store.create({ username: 'third', email: 'x@example.com', employeeIdentifier: 'E2' }, actor)).status).toBe(400);
    store.remove(user._id as string, false, actor);
    expect(store.query({ filter: { kind: 'compare', field: 'username', op: '$eq', value: 'second' }, sort: [], skip: 0, limit: 10 }).totalCount).toBe(0);
    expect(store.idOfUsername('FIRST')).toBe(other._id);
  });

  it('publishes create, update with changes, state events and password_set, never the password', () => {
    const { store, published } = makeStore({ defaultUserState: 'STAGED' });
    const user = store.create({ username: 'ann', email: 'ann@example.com' }, actor);
    const id = user._id as string;
    store.update(id, { state: 'ACTIVATED', password: 'S3cret-value!' }, actor);
    store.update(id, { suspended: true }, actor);
    store.update(id, { state: 'ACTIVATED' }, actor);
    expect(published.map((m) => m.eventType)).toEqual([
      'user_create',
      'user_update',
      'user_activated',
      'user_password_set',
      'user_update',
      'user_suspended',
      'user_update',
      'user_unsuspended',
    ]);
    expect(published[0]).toEqual({ eventType: 'user_create', resource: { type: 'user', id, username: 'ann' }, actor });
    expect(published[1]?.changes).toEqual(
      expect.arrayContaining([
        { field: 'activated', from: false, to: true },
        { field: 'state', from: 'STAGED', to: 'ACTIVATED' },
      ]),
    );
    // A suspend lists both fields, `suspended` as JSON booleans (NOTES.md "Observed in real events").
    const suspend = [{ field: 'state', from: 'ACTIVATED', to: 'SUSPENDED' }, { field: 'suspended', from: false, to: true }];
    expect(published[4]?.changes).toEqual(suspend);
    expect(published[5]?.changes).toEqual(suspend);
    expect(published[7]?.changes).toEqual([{ field: 'state', from: 'SUSPENDED', to: 'ACTIVATED' }, { field: 'suspended', from: true, to: false }]);
    expect(JSON.stringify(published)).not.toContain('S3cret-value!');
  });

  it('publishes nothing for an update that changes nothing', () => {
    const { store, published } = makeStore();
    const user = store.create({ username: 'ann', email: 'ann@example.com', firstname: 'Ann' }, actor);
    published.length = 0;
    store.update(user._id as string, { firstname: 'Ann' }, actor);
    expect(published).toEqual([]);
  });

  it('clears everything', () => {
    const { store } = makeStore();
    store.create({ username: 'ann', email: 'ann@example.com' }, actor);
    store.clear();
    expect(store.count()).toBe(0);
    expect(store.idOfUsername('ann')).toBeUndefined();
    expect(store.create({ username: 'ann', email: 'ann@example.com' }, actor).unix_uid).toBe(5000);
  });
});
