import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOrganizationsFile } from '../../../emulator/multi-org/organizations-file';

const ORG_A = 'aaaaaaaaaaaaaaaaaaaaaaa1';
const ORG_B = 'bbbbbbbbbbbbbbbbbbbbbbb2';
const ORG_C = 'ccccccccccccccccccccccc3';

describe('readOrganizationsFile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'emulator-orgs-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, value: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
    return path;
  };

  it('reads organisations with a made-up key, a key from the environment, or none; options and seeds relative to the file', () => {
    write('seed-a.json', { users: [{ username: 'ann', email: 'ann@example.com' }] });
    const path = write('orgs.json', {
      organizations: [
        { id: ORG_A, ownKey: true, options: { defaultUserState: 'STAGED' }, seed: 'seed-a.json' },
        { id: ORG_B, apiKeyEnv: 'ORG_B_EMULATOR_KEY' },
        { id: ORG_C },
      ],
      emailUniqueness: 'per-organisation',
    });
    const { config, generatedKeys } = readOrganizationsFile(path, { ORG_B_EMULATOR_KEY: 'key-from-env' });
    expect(config.emailUniqueness).toBe('per-organisation');
    const [a, b, c] = config.organizations;
    expect(a?.apiKey).toMatch(/^emu_[0-9a-f]{36}$/);
    expect(generatedKeys).toEqual(new Map([[ORG_A, a?.apiKey]]));
    expect(a?.options).toEqual({ defaultUserState: 'STAGED' });
    expect(a?.seed).toEqual({ users: [{ username: 'ann', email: 'ann@example.com' }] });
    expect(b).toEqual({ id: ORG_B, apiKey: 'key-from-env' });
    expect(c).toEqual({ id: ORG_C });
  });

  it('names the file and every problem, never a key', () => {
    const path = write('bad.json', {
      organizations: [
        { id: ORG_A, apiKey: 'inline-secret' },
        { id: ORG_B, apiKeyEnv: 'UNSET_EMULATOR_KEY', options: { associationEvent: 'both' } },
        { id: ORG_C, ownKey: true, apiKeyEnv: 'X', seed: 'missing-seed.json' },
        'not an object',
      ],
      providers: [],
    });
    let message = '';
    try {
      readOrganizationsFile(path, {});
    } catch (error) {
      message = (error as Error).message;
    }
    for (const fragment of [
      `the emulator organisations file ${path}`,
      'providers is not a field of the file',
      'organizations[0].apiKey is not a field of an organisation',
      'keys are never written in the file',
      'organizations[1].apiKeyEnv: UNSET_EMULATOR_KEY is not set',
      'organizations[1].options: associationEvent must be "observed" or "documented"',
      'organizations[2]: ownKey and apiKeyEnv exclude each other',
      'cannot read organizations[2].seed missing-seed.json: ENOENT',
      'organizations[3] must be an object',
    ]) {
      expect(message).toContain(fragment);
    }
    expect(message).not.toContain('inline-secret');
  });

  it('reports an unreadable or malformed file, and the configuration check (duplicate ids)', () => {
    expect(() => readOrganizationsFile(join(dir, 'nope.json'))).toThrow(/cannot read the emulator organisations file .*nope\.json: ENOENT/);
    expect(() => readOrganizationsFile(write('broken.json', '{"organizations": ['))).toThrow(/broken\.json is not valid JSON/);
    expect(() => readOrganizationsFile(write('list.json', []))).toThrow(/must be a JSON object/);
    const dup = write('dup.json', { organizations: [{ id: ORG_A }, { id: ORG_A.toUpperCase() }] });
    expect(() => readOrganizationsFile(dup)).toThrow(/dup\.json: organizations\[1\] \(AAAAAAAAAAAAAAAAAAAAAAA1\)\.id: used by another organisation/);
  });
});
