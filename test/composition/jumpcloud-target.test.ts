import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { readEmbeddedEmulatorOptions, resolveJumpCloudTarget, type JumpCloudTarget } from '../../src/composition/jumpcloud-target';
import { ConfigError, loadConfig } from '../../src/config/load-config';

describe('the embedded emulator and EMULATOR_OPTIONS_FILE', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'emulator-options-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('starts the embedded emulator with the switches of the file', async () => {
    const path = file('switches.json', JSON.stringify({ associationEvent: 'documented', arrayItemIds: 'none', apiKeyAuthMethod: 'api-key' }));
    const target: JumpCloudTarget = await resolveJumpCloudTarget(loadConfig({ EMULATOR_PORT: '0', EMULATOR_OPTIONS_FILE: path }));
    try {
      expect(target.mode).toBe('emulator');
      const res = await request(target.baseUrl as string).get('/__emulator/options').set('x-api-key', target.apiKey).expect(200);
      expect(res.body).toMatchObject({ associationEvent: 'documented', arrayItemIds: 'none', apiKeyAuthMethod: 'api-key', apiKeyEventSource: 'scim' });
    } finally {
      await target.close();
    }
  });

  it('without the setting, the emulator runs on its defaults', async () => {
    const target = await resolveJumpCloudTarget(loadConfig({ EMULATOR_PORT: '0' }));
    try {
      const res = await request(target.baseUrl as string).get('/__emulator/options').set('x-api-key', target.apiKey).expect(200);
      expect(res.body).toMatchObject({ associationEvent: 'observed', arrayItemIds: 'id-and-_id' });
    } finally {
      await target.close();
    }
  });

  it('a real JumpCloud key never reads the file (nothing of the emulator starts)', async () => {
    const target = await resolveJumpCloudTarget(loadConfig({ JUMPCLOUD_API_KEY: 'a-real-key', EMULATOR_OPTIONS_FILE: join(dir, 'absent.json') }));
    expect(target.mode).toBe('jumpcloud');
  });

  it.each([
    ['a missing file', () => join(dir, 'missing.json'), ['cannot read the emulator options file', 'ENOENT']],
    ['a file that is not JSON', () => file('broken.json', '{"associationEvent": '), ['is not valid JSON']],
    ['an unknown switch', () => file('unknown.json', '{"associationShape": "observed"}'), ['associationShape is not an emulator switch', 'switches: defaultUserState']],
    ['a value the switch does not take', () => file('value.json', '{"arrayItemIds": "yes"}'), ['arrayItemIds must be "id-and-_id" or "none"']],
  ])('%s stops the start with a configuration error naming the file and what to fix', async (_title, pathOf, fragments) => {
    const path = pathOf();
    const error = await resolveJumpCloudTarget(loadConfig({ EMULATOR_PORT: '0', EMULATOR_OPTIONS_FILE: path })).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ConfigError);
    const [problem, ...others] = (error as ConfigError).problems;
    expect(others).toEqual([]);
    expect(problem).toMatch(/^EMULATOR_OPTIONS_FILE: /);
    for (const fragment of [path, ...fragments]) expect(problem).toContain(fragment);
  });

  it('readEmbeddedEmulatorOptions answers no switches when the setting is unset', () => {
    expect(readEmbeddedEmulatorOptions(undefined)).toEqual({});
  });
});
