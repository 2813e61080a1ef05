import { Writable } from 'node:stream';
import winston from 'winston';
import { KEY_ADMIN, KeyAdministrator, keyIdentityOf } from '../../src/changefeed/key-administrator';
import type { DirectoryEvent } from '../../src/jumpcloud';
import { createLogger } from '../../src/logging/logger';
import { IN_MEMORY, openBridgeDatabase, type BridgeDatabase } from '../../src/state/sqlite-database';
import { SqliteFeedCursorStore } from '../../src/state/sqlite-feed-cursor-store';
import { recordOutput, registerSecret } from '../support/log-scan/scan-state';

/** The JSON lines a logger wrote. */
class Capture {
  readonly lines: Record<string, unknown>[] = [];
  readonly transport = new winston.transports.Stream({
    stream: new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        this.lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        // What this test reads of the log, the log scan reads too.
        recordOutput('bridge log', chunk.toString('utf8'));
        done();
      },
    }),
  });
}

const FEED = 'directory_insights';
// Only the keys' identities may be stored or logged, never the keys.
for (const key of ['key-one-0123456789', 'key-two-0123456789']) registerSecret('JumpCloud API key', key);
const by = (id: string | undefined, type = 'admin'): DirectoryEvent => ({
  id: `e-${id}`,
  event_type: 'user_update',
  timestamp: '2026-01-01T00:00:00.000Z',
  auth_method: 'api key',
  initiated_by: { type, ...(id !== undefined ? { id } : {}), email: 'someone@example.com' },
});

/** The administrator behind the API key: learned once, kept across restarts, forgotten with the key. */
describe('KeyAdministrator', () => {
  let db: BridgeDatabase;
  let capture: Capture;
  const admin = (keyIdentity = keyIdentityOf('key-one-0123456789')) =>
    new KeyAdministrator({ cursors: new SqliteFeedCursorStore(db), feed: FEED, keyIdentity, logger: createLogger({ level: 'debug', transports: [capture.transport] }) });

  beforeEach(() => {
    db = openBridgeDatabase(IN_MEMORY);
    capture = new Capture();
  });
  afterEach(() => db.close());

  it('learns the admin from the first matched event, then accepts only that admin (and events naming none)', async () => {
    const keyAdmin = admin();
    expect(await keyAdmin.known()).toBeUndefined();
    expect(await keyAdmin.accepts(by('admin-a'))).toBe(true);
    expect(await keyAdmin.known()).toBe('admin-a');
    expect(await keyAdmin.accepts(by('admin-a'))).toBe(true);
    expect(await keyAdmin.accepts(by('admin-b'))).toBe(false);
    expect(await keyAdmin.accepts(by(undefined))).toBe(true);
    expect(capture.lines.filter((line) => line.level === 'debug').map((line) => [line.adminId, line.eventId, line.authMethod])).toEqual([['admin-a', 'e-admin-a', 'api key']]);
  });

  it('from a page of matched events, learns the admin behind most of them (one coincidence cannot outvote the bridge)', async () => {
    const keyAdmin = admin();
    await keyAdmin.learnFrom([by('script-admin'), by('admin-a'), by(undefined), by('admin-a')]);
    expect(await keyAdmin.known()).toBe('admin-a');
    expect(capture.lines.filter((line) => line.level === 'debug').map((line) => [line.adminId, line.matchedEvents, line.otherAdmins])).toEqual([['admin-a', 2, 1]]);
    // Once known, a later page teaches nothing new.
    await keyAdmin.learnFrom([by('script-admin'), by('script-admin')]);
    expect(await keyAdmin.known()).toBe('admin-a');
  });

  it('a page without matched events (or whose matches name no admin) teaches nothing', async () => {
    const keyAdmin = admin();
    await keyAdmin.learnFrom([]);
    await keyAdmin.learnFrom([by(undefined)]);
    expect(await keyAdmin.known()).toBeUndefined();
  });

  it('a user (self-service) teaches nothing', async () => {
    const keyAdmin = admin();
    expect(await keyAdmin.accepts(by('user-1', 'user'))).toBe(true);
    expect(await keyAdmin.known()).toBeUndefined();
  });

  it('keeps the learned admin across a restart (a new instance on the same database)', async () => {
    await admin().accepts(by('admin-a'));
    const restarted = admin();
    expect(await restarted.known()).toBe('admin-a');
    expect(await restarted.accepts(by('admin-b'))).toBe(false);
  });

  it('learns again when the API key changed (the new key may be another admin’s), and never stores the key', async () => {
    await admin().accepts(by('admin-a'));
    const rotated = admin(keyIdentityOf('key-two-0123456789'));
    expect(await rotated.known()).toBeUndefined();
    expect(await rotated.accepts(by('admin-b'))).toBe(true);
    expect(await rotated.known()).toBe('admin-b');
    const stored = await new SqliteFeedCursorStore(db).learned(FEED, KEY_ADMIN);
    expect(stored).not.toContain('key-two');
    expect(keyIdentityOf('key-two-0123456789')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('an unreadable stored value is learned again, with a warning', async () => {
    await new SqliteFeedCursorStore(db).learn(FEED, KEY_ADMIN, 'not json', new Date());
    const keyAdmin = admin();
    expect(await keyAdmin.known()).toBeUndefined();
    expect(capture.lines.some((line) => line.level === 'warn')).toBe(true);
  });
});
