import request from 'supertest';
import { ADMIN_TOKEN, startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';

const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

interface Pending {
  id: string;
  activationEmail: string;
}

/**
 * "Activation e-mail sent or not" on the pending activations, checked against what the emulator
 * mailed (its outbox follows JumpCloud's documented rules), for every way the bridge creates or
 * activates a user without a password, and for users created elsewhere.
 */
describe('pending activations: was the activation link mailed?', () => {
  const harnesses: BridgeHarness[] = [];
  afterAll(async () => {
    for (const h of harnesses) await h.close();
  });

  async function bridge(env: NodeJS.ProcessEnv): Promise<BridgeHarness> {
    const h = await startBridgeHarness({ env: { ADMIN_TOKEN, ...env }, seed: { users: [] } });
    harnesses.push(h);
    return h;
  }

  async function joiner(h: BridgeHarness, userName: string, extra: object = {}): Promise<string> {
    const res = await h.scim('post', '/Users').send({ schemas: [CORE], userName, emails: [{ value: userName, type: 'work', primary: true }], ...extra }).expect(201);
    return res.body.id as string;
  }

  async function claim(h: BridgeHarness, id: string): Promise<string | undefined> {
    const res = await h.admin('get', '/admin/pending-activations').expect(200);
    return (res.body.pendingActivations as Pending[]).find((pending) => pending.id === id)?.activationEmail;
  }

  async function mailed(h: BridgeHarness, id: string): Promise<number> {
    const res = await request(h.emulator.url).get(`/__emulator/users/mails?user=${id}`).set('x-api-key', h.emulator.ctx.options.apiKey).expect(200);
    return (res.body as { kind: string }[]).filter((mail) => mail.kind === 'activation').length;
  }

  it('ACTIVATION_EMAIL on (the default): a joiner without a password is mailed, and the console says sent', async () => {
    const h = await bridge({});
    const id = await joiner(h, 'ada@example.com');
    expect(await mailed(h, id)).toBe(1);
    expect(await claim(h, id)).toBe('sent');
  });

  it('ACTIVATION_EMAIL=false: created STAGED then activated with email:false; nothing mailed, and the console says not sent', async () => {
    const h = await bridge({ ACTIVATION_EMAIL: 'false' });
    const id = await joiner(h, 'bob@example.com');
    expect(await mailed(h, id)).toBe(0);
    expect(await claim(h, id)).toBe('not_sent');
  });

  it('PREHIRE_STAGED: a pre-hire is not mailed until it starts; its activation then mails it', async () => {
    const h = await bridge({ PREHIRE_STAGED: 'true' });
    const id = await joiner(h, 'cleo@example.com', { active: false });
    expect(await mailed(h, id)).toBe(0);
    expect(await claim(h, id)).toBe('not_sent');
    await h.scim('patch', `/Users/${id}`).send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: true }] }).expect(200);
    expect(await mailed(h, id)).toBe(1);
    expect(await claim(h, id)).toBe('sent');
  });

  it('PREHIRE_STAGED with ACTIVATION_EMAIL=false: the start activates without a mail', async () => {
    const h = await bridge({ PREHIRE_STAGED: 'true', ACTIVATION_EMAIL: 'false' });
    const id = await joiner(h, 'dan@example.com', { active: false });
    await h.scim('patch', `/Users/${id}`).send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'active', value: true }] }).expect(200);
    expect(await mailed(h, id)).toBe(0);
    expect(await claim(h, id)).toBe('not_sent');
  });

  it('a user created in the JumpCloud console is "unknown" (the bridge did not see whether the admin let JumpCloud mail), a STAGED one "not_sent"', async () => {
    const h = await bridge({});
    const inConsole = (body: object) => request(h.emulator.url).post('/__emulator/users/console').set('x-api-key', h.emulator.ctx.options.apiKey).send(body).expect(200);
    const elsewhere = (await inConsole({ username: 'eve', email: 'eve@example.com' })).body._id as string;
    const staged = (await inConsole({ username: 'stan', email: 'stan@example.com', state: 'STAGED' })).body._id as string;
    expect(await claim(h, elsewhere)).toBe('unknown');
    expect(await claim(h, staged)).toBe('not_sent');
    expect(await mailed(h, staged)).toBe(0);
  });
});
