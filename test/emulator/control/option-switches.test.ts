import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createEmulator } from '../../../emulator/app';
import { DEFAULT_OPTIONS } from '../../../emulator/default-options';
import { BEHAVIOUR_SWITCHES, defaultOf, parseEmulatorOptions, readEmulatorOptionsFile, singleSwitchVariants } from '../../../emulator/option-switches';
import { renderSwitchTable } from '../../../emulator/option-switches-doc';

const KEY = 'switch-table-key-0123';

describe('the table of emulator behaviour switches', () => {
  it('lists every switch once, with its default among its values and a source for the default', () => {
    const names = BEHAVIOUR_SWITCHES.map((definition) => definition.name);
    expect(new Set(names).size).toBe(names.length);
    for (const definition of BEHAVIOUR_SWITCHES) {
      expect(definition.values).toContain(defaultOf(definition.name));
      expect(definition.values.length).toBeGreaterThan(1);
      expect(definition.source.length).toBeGreaterThan(10);
    }
  });

  it('names every option that is not the emulator identity (key, org ids, admins)', () => {
    const identity = ['orgIds', 'adminId', 'adminEmail', 'consoleAdminId', 'consoleAdminEmail'];
    const behaviour = Object.keys(DEFAULT_OPTIONS).filter((key) => !identity.includes(key));
    expect(BEHAVIOUR_SWITCHES.map((definition) => definition.name).sort()).toEqual(behaviour.sort());
  });

  it('the matrix flips each switch alone to each of its other values', () => {
    const variants = singleSwitchVariants();
    const expected = BEHAVIOUR_SWITCHES.reduce((sum, definition) => sum + definition.values.length - 1, 0);
    expect(variants).toHaveLength(expected);
    for (const variant of variants) {
      expect(Object.keys(variant.options)).toEqual([variant.name]);
      expect(variant.value).not.toEqual(defaultOf(variant.name));
      expect(variant.label).toBe(`${variant.name}=${String(variant.value)}`);
    }
  });

  it.each([
    [{ unconfirmedSort: 'sometimes' }, 'unconfirmedSort must be "honour" or "ignore" or "refuse"'],
    [{ usernameMaxLength: 0 }, 'usernameMaxLength must be a whole number from 1 to 1024'],
    [{ usernameMaxLength: 30.5 }, 'usernameMaxLength must be a whole number'],
    [{ directoryInsightsEnabled: 'false' }, 'directoryInsightsEnabled must be true or false'],
    [{ apiKey: 'x' }, 'apiKey is not an emulator switch'],
    [{ adminEmail: '' }, 'adminEmail must be a non-empty string'],
    [[], 'must be a JSON object of switches'],
    [null, 'must be a JSON object of switches'],
  ])('refuses %j naming what to fix', (body, message) => {
    expect(() => parseEmulatorOptions(body)).toThrow(message);
  });

  it('accepts every value of every switch and the admin identity', () => {
    for (const definition of BEHAVIOUR_SWITCHES) {
      for (const value of definition.values) expect(parseEmulatorOptions({ [definition.name]: value })).toEqual({ [definition.name]: value });
    }
    expect(parseEmulatorOptions({ adminId: 'a'.repeat(24), adminEmail: 'ops@example.com' })).toEqual({ adminId: 'a'.repeat(24), adminEmail: 'ops@example.com' });
  });

  it('reads an options file, and says which file is missing, not JSON, or wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'switches-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ v2FilterForm: 'repeated-only', associationEvent: 'documented' }));
    expect(readEmulatorOptionsFile(good)).toEqual({ v2FilterForm: 'repeated-only', associationEvent: 'documented' });
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    expect(() => readEmulatorOptionsFile(join(dir, 'broken.json'))).toThrow(`the emulator options file ${join(dir, 'broken.json')} is not valid JSON`);
    writeFileSync(join(dir, 'wrong.json'), JSON.stringify({ arrayItemIds: 'yes' }));
    expect(() => readEmulatorOptionsFile(join(dir, 'wrong.json'))).toThrow('arrayItemIds must be "id-and-_id" or "none"');
    expect(() => readEmulatorOptionsFile(join(dir, 'absent.json'))).toThrow(`cannot read the emulator options file ${join(dir, 'absent.json')}: ENOENT`);
  });

  it('GET /__emulator/options shows every switch; PATCH flips any of them and refuses a bad value without changing anything', async () => {
    const { app, ctx } = createEmulator({ apiKey: KEY });
    const shown = await request(app).get('/__emulator/options').set('x-api-key', KEY).expect(200);
    expect(Object.keys(shown.body).sort()).toEqual(BEHAVIOUR_SWITCHES.map((definition) => definition.name).sort());
    await request(app).patch('/__emulator/options').set('x-api-key', KEY).send({ v2SearchOperator: 'regex', searchByObjectId: 'matches-nothing' }).expect(200);
    expect([ctx.options.v2SearchOperator, ctx.options.searchByObjectId]).toEqual(['regex', 'matches-nothing']);
    const refused = await request(app).patch('/__emulator/options').set('x-api-key', KEY).send({ v2SearchOperator: 'wildcard', unconfirmedSort: 'never' }).expect(400);
    expect(refused.body.message).toContain('unconfirmedSort must be');
    expect(ctx.options.v2SearchOperator).toBe('regex');
  });

  it('README.md carries the switch table rendered from BEHAVIOUR_SWITCHES', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    // On failure, paste the received table into README.md between the switch-table markers.
    expect(readme).toContain(`<!-- switch-table:start -->\n${renderSwitchTable()}\n<!-- switch-table:end -->`);
  });
});
