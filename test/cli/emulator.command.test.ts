import { Command } from 'commander';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { registerEmulator } from '../../src/cli/emulator.command';
import { exitOnSignals } from '../../src/cli/signals';

// The command hands its shutdown to exitOnSignals; capture it instead of installing signal handlers.
jest.mock('../../src/cli/signals', () => ({ exitOnSignals: jest.fn() }));
const onSignals = jest.mocked(exitOnSignals);

const KEY = 'cli-emulator-test-key';

/** `jumpcloud-scim-bridge emulator ...` in process, its printed lines captured. */
async function runEmulator(args: string[]): Promise<{ lines: string[]; url: string; close: () => Promise<void> }> {
  const lines: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((line: unknown) => {
    lines.push(String(line));
  });
  onSignals.mockClear();
  try {
    const program = new Command('jumpcloud-scim-bridge').exitOverride();
    registerEmulator(program);
    await program.parseAsync(['emulator', '--port', '0', '--empty', '--api-key', KEY, ...args], { from: 'user' });
  } finally {
    log.mockRestore();
  }
  const url = /listening on (\S+)/.exec(lines[0] ?? '')?.[1] as string;
  const shutdown = onSignals.mock.calls[0]?.[0] as () => Promise<void>;
  return { lines, url, close: shutdown };
}

describe('jumpcloud-scim-bridge emulator --options FILE', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-emulator-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('starts the emulator with the switches of the file, still flippable at run time', async () => {
    const path = join(dir, 'switches.json');
    writeFileSync(path, JSON.stringify({ associationEvent: 'documented', apiKeyEventSource: 'none', adminEmail: 'calibrated@example.com' }));
    const run = await runEmulator(['--options', path]);
    try {
      expect(run.lines).toContain(`  Switches  ${path}`);
      const options = await request(run.url).get('/__emulator/options').set('x-api-key', KEY).expect(200);
      expect(options.body).toMatchObject({ associationEvent: 'documented', apiKeyEventSource: 'none', arrayItemIds: 'id-and-_id' });
      // The identity key of the file reaches the events the emulator records.
      await request(run.url).post('/api/v2/usergroups').set('x-api-key', KEY).send({ name: 'From the CLI' }).expect(201);
      const events = await request(run.url).post('/insights/directory/v1/events').set('x-api-key', KEY).send({ service: ['directory'], start_time: '2000-01-01T00:00:00Z' }).expect(200);
      expect(events.body[0].initiated_by).toEqual({ type: 'admin', id: expect.any(String), email: 'calibrated@example.com' });
      const flipped = await request(run.url).patch('/__emulator/options').set('x-api-key', KEY).send({ associationEvent: 'observed' }).expect(200);
      expect(flipped.body.associationEvent).toBe('observed');
    } finally {
      await run.close();
    }
  });

  it('without --options, the emulator runs on its defaults', async () => {
    const run = await runEmulator([]);
    try {
      expect(run.lines.some((line) => line.includes('Switches'))).toBe(false);
      const options = await request(run.url).get('/__emulator/options').set('x-api-key', KEY).expect(200);
      expect(options.body).toMatchObject({ associationEvent: 'observed', apiKeyEventSource: 'scim' });
    } finally {
      await run.close();
    }
  });

  it.each([
    ['a missing file', () => join(dir, 'missing.json'), ['cannot read the emulator options file', 'ENOENT']],
    ['a file that is not JSON', () => writeAndName('broken.json', '[1,'), ['is not valid JSON']],
    ['an unknown switch', () => writeAndName('unknown.json', '{"apiKey": "stolen"}'), ['apiKey is not an emulator switch']],
    ['a value the switch does not take', () => writeAndName('value.json', '{"associationEvent": "both", "apiKeyAuthMethod": "apikey"}'), ['associationEvent must be "observed" or "documented"', 'apiKeyAuthMethod must be "api key" or "api-key"']],
  ])('%s stops the start (nothing listens) with an error naming the file and what to fix', async (_title, pathOf, fragments) => {
    const path = pathOf();
    const error = await runEmulator(['--options', path]).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(Error);
    for (const fragment of [path, ...fragments]) expect((error as Error).message).toContain(fragment);
    expect(onSignals).not.toHaveBeenCalled();
  });

  function writeAndName(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  }
});

describe('jumpcloud-scim-bridge emulator --organizations FILE', () => {
  const ORG_A = 'aaaaaaaaaaaaaaaaaaaaaaa1';
  const ORG_B = 'bbbbbbbbbbbbbbbbbbbbbbb2';
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cli-emulator-orgs-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves each organisation behind the provider key (--api-key), seeded from the file, switches under the org ones', async () => {
    writeFileSync(join(dir, 'seed-b.json'), JSON.stringify({ users: [{ username: 'bob', email: 'bob@example.com' }] }));
    writeFileSync(join(dir, 'switches.json'), JSON.stringify({ defaultUserState: 'STAGED' }));
    const path = join(dir, 'orgs.json');
    writeFileSync(path, JSON.stringify({ organizations: [{ id: ORG_A, options: { defaultUserState: 'ACTIVATED' } }, { id: ORG_B, ownKey: true, seed: 'seed-b.json' }] }));
    const run = await runEmulator(['--organizations', path, '--options', join(dir, 'switches.json')]);
    try {
      expect(run.lines[0]).toContain(`(2 organisations from ${path})`);
      expect(run.lines).toContain(`  Provider key  ${KEY} (x-org-id chooses the organisation)`);
      expect(run.lines).toContain(`  Organisation  ${ORG_A}`);
      const ownKey = /own key (\S+)/.exec(run.lines.find((line) => line.includes(ORG_B)) ?? '')?.[1] as string;
      expect(ownKey).toMatch(/^emu_/);
      await request(run.url).get('/api/systemusers').set('x-api-key', KEY).expect(401);
      const inA = await request(run.url).post('/api/systemusers').set('x-api-key', KEY).set('x-org-id', ORG_A).send({ username: 'ann', email: 'ann@example.com' }).expect(200);
      expect(inA.body.state).toBe('ACTIVATED');
      const inB = await request(run.url).get('/api/systemusers').set('x-api-key', ownKey).expect(200);
      expect(inB.body.results.map((user: { username: string }) => user.username)).toEqual(['bob']);
      const createdInB = await request(run.url).post('/api/systemusers').set('x-api-key', ownKey).send({ username: 'carl', email: 'carl@example.com' }).expect(200);
      expect(createdInB.body.state).toBe('STAGED');
    } finally {
      await run.close();
    }
  });

  it('stops the start on a bad organisations file, naming it', async () => {
    const path = join(dir, 'bad-orgs.json');
    writeFileSync(path, JSON.stringify({ organizations: [{ id: 'nope' }] }));
    await expect(runEmulator(['--organizations', path])).rejects.toThrow(`the emulator organisations file ${path}: organizations[0] (nope).id: must be a 24-hex organisation id`);
    expect(onSignals).not.toHaveBeenCalled();
  });
});
