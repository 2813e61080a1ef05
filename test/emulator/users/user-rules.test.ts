import request from 'supertest';
import { createEmulator } from '../../../emulator/app';
import { EmulatorHttpError, type EmulatorOptions } from '../../../emulator/context';
import type { UserState } from '../../../emulator/users/user-fields';
import { readUserInput, resolveState, usernameViolation } from '../../../emulator/users/user-rules';
import cases from './user-rules.cases.json';

describe('username rules', () => {
  it.each(cases.usernames.map((c) => [JSON.stringify(c.username), c] as const))('%s', (_name, testCase) => {
    const violation = usernameViolation(testCase.username, 30);
    if (testCase.ok) expect(violation).toBeUndefined();
    else expect(violation).toContain(testCase.error);
  });

  it('takes the maximum length as a parameter', () => {
    expect(usernameViolation('abcdef', 5)).toContain('at most 5 characters');
    expect(usernameViolation('abcde', 5)).toBeUndefined();
  });
});

describe('state and suspended agreement', () => {
  it.each(cases.states.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const run = () =>
      resolveState(testCase.input as { state?: UserState; suspended?: boolean }, (testCase.current ?? undefined) as UserState | undefined, testCase.fallback as UserState);
    if (testCase.error) expect(run).toThrow(testCase.error);
    else expect(run()).toBe(testCase.state);
  });
});

describe('reading a user body', () => {
  function error(body: unknown): EmulatorHttpError {
    try {
      readUserInput(body);
    } catch (caught) {
      if (caught instanceof EmulatorHttpError) return caught;
    }
    throw new Error('expected a 400');
  }

  it.each([
    ['a non-object body', [], 'must be a JSON object'],
    ['a number for a string field', { firstname: 3 }, 'firstname must be a string'],
    ['a string for a boolean', { sudo: 'yes' }, 'sudo must be a boolean'],
    ['a non-array for an array', { addresses: {} }, 'addresses must be an array'],
    ['a non-object array item', { phoneNumbers: ['555'] }, 'each item of phoneNumbers must be an object'],
    ['an attribute name with a dash', { attributes: [{ name: 'cost-center', value: 'x' }] }, 'only letters and digits'],
    ['an attribute name of 32 characters', { attributes: [{ name: 'a'.repeat(32), value: 'x' }] }, 'shorter than 32'],
    ['an attribute without a name', { attributes: [{ value: 'x' }] }, 'attributes[].name is required'],
    ['a bad e-mail', { email: 'not-an-email' }, 'email must be a valid e-mail address'],
    ['a bad alternate e-mail', { alternateEmail: 'a@b' }, 'alternateEmail must be a valid e-mail address'],
    ['an unknown state', { state: 'DISABLED' }, 'state must be one of'],
    ['a numeric password', { password: 1234 }, 'password must be a string'],
    ['an over-long employeeIdentifier', { employeeIdentifier: 'x'.repeat(257) }, 'at most 256'],
    ['a zero unix_uid', { unix_uid: 0 }, 'positive integer'],
  ])('refuses %s', (_name, body, message) => {
    const refused = error(body);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain(message);
  });

  it('accepts a 31-character attribute name and keeps only known item properties', () => {
    const input = readUserInput({ attributes: [{ name: 'a'.repeat(31), value: 'v', extra: 1 }], addresses: [{ locality: 'X', id: 'ignored' }] });
    expect(input.arrays.attributes).toEqual([{ name: 'a'.repeat(31), value: 'v' }]);
    expect(input.arrays.addresses).toEqual([{ locality: 'X' }]);
  });

  it('ignores read-only and unknown fields', () => {
    const input = readUserInput({ _id: 'x', created: 'y', activated: true, organization: 'z', bogus: 1, firstname: 'A' });
    expect(input.strings).toEqual({ firstname: 'A' });
    expect(input).not.toHaveProperty('activated');
  });

  it('reads null and "" employeeIdentifier as "clear it", and an empty password as none', () => {
    expect(readUserInput({ employeeIdentifier: null }).employeeIdentifier).toBeNull();
    expect(readUserInput({ employeeIdentifier: '' }).employeeIdentifier).toBeNull();
    expect(readUserInput({ password: '' }).password).toBeUndefined();
  });
});

describe('restrictedFields against the V1 spec enums (switch restrictedFieldsCheck)', () => {
  interface Row {
    name: string;
    check: EmulatorOptions['restrictedFieldsCheck'];
    items: Record<string, string>[];
    error?: string;
  }

  it.each((cases.restrictedFields as Row[]).map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const read = () => readUserInput({ restrictedFields: row.items }, { restrictedFieldsCheck: row.check });
    if (row.error === undefined) {
      expect(read().arrays.restrictedFields).toEqual(row.items);
      return;
    }
    let refused: unknown;
    try {
      read();
    } catch (caught) {
      refused = caught;
    }
    expect(refused).toBeInstanceOf(EmulatorHttpError);
    expect((refused as EmulatorHttpError).status).toBe(400);
    expect((refused as EmulatorHttpError).body.message).toContain(`Bad Request: ${row.error}`);
  });

  it('enforces the enums by default', () => {
    expect(() => readUserInput({ restrictedFields: [{ field: 'manager', type: 'scim' }] })).toThrow(EmulatorHttpError);
  });

  it('reads the switch on every request, on create and on update', async () => {
    const key = 'test-key-restricted';
    const { app, ctx } = createEmulator({ apiKey: key });
    const locked = { restrictedFields: [{ field: 'alternateEmail', type: 'scim' }] };
    const refused = await request(app).post('/api/systemusers').set('x-api-key', key).send({ username: 'lock', email: 'lock@example.com', ...locked });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ message: expect.stringContaining('restrictedFields[0].field "alternateEmail" is not one of') });
    const made = await request(app).post('/api/systemusers').set('x-api-key', key).send({ username: 'lock', email: 'lock@example.com' }).expect(200);
    await request(app).put(`/api/systemusers/${made.body._id}`).set('x-api-key', key).send(locked).expect(400);

    ctx.options.restrictedFieldsCheck = 'any';
    const accepted = await request(app).put(`/api/systemusers/${made.body._id}`).set('x-api-key', key).send(locked).expect(200);
    expect(accepted.body.restrictedFields).toEqual([{ field: 'alternateEmail', type: 'scim' }]);
  });
});
