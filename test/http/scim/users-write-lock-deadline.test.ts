import type { RequestHandler } from 'express';
import { requestDeadline } from '../../../src/http/limits-deadline';
import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { ERROR, PATCH_OP, createThroughBridge, emulatorCall, jumpcloudUser, resetEmulator, scimUser } from './scim-users.fixtures';

/** The request deadline (SCIM_REQUEST_DEADLINE_MS) only for requests that name one, so the slow holder has none. */
const deadlineWhenAsked: RequestHandler = (req, res, next) => {
  const ms = req.get('x-test-deadline-ms');
  if (ms) requestDeadline(Number(ms))(req, res, next);
  else next();
};

/** How long the first write holds the user. */
const HOLD_MS = 2_500;

const title = (value: string) => ({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value }] });

/** A write queued behind another write to the same user waits no longer than its request's deadline. */
describe('a write waiting for another write to the same user', () => {
  let h: BridgeHarness;
  beforeAll(async () => {
    h = await startBridgeHarness({ afterAuth: [deadlineWhenAsked] });
  });
  afterAll(() => h.close());

  it('answers 429 with Retry-After at its deadline, changes nothing, and leaves the first write alone', async () => {
    resetEmulator(h);
    const user = await createThroughBridge(h, scimUser('busy'));
    // The first write's PUT takes 2.5 s (under the harness's 3 s retry budget): it holds the user
    // that long, far beyond the second's 200 ms deadline, so a loaded machine's lag cannot blur the two.
    await emulatorCall(h, 'put', '/__emulator/faults').send([{ latencyMs: HOLD_MS, method: 'PUT', path: '/api/systemusers/' }]).expect(200);
    const first = h.scim('patch', `/Users/${user.id}`).send(title('First'));
    const firstDone = first.then((res) => res);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = performance.now();
    const second = await h.scim('patch', `/Users/${user.id}`).set('x-test-deadline-ms', '200').send(title('Second'));
    const waited = performance.now() - started;
    expect(second.status).toBe(429);
    expect(second.headers['retry-after']).toBe('1');
    expect(second.body).toMatchObject({ schemas: [ERROR], status: '429', detail: expect.stringContaining(`Another write to User ${user.id} is still in progress`) });
    // Answered at its own deadline, not when the holder let go.
    expect(waited).toBeLessThan(HOLD_MS - 500);
    expect((await firstDone).status).toBe(200);
    expect(jumpcloudUser(h, user.id)?.jobTitle).toBe('First');
  });
});
