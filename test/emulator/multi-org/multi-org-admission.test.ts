import { admit, type Keyring } from '../../../emulator/multi-org/org-admission';

const ORG_A = 'aaaaaaaaaaaaaaaaaaaaaaa1';
const ORG_B = 'bbbbbbbbbbbbbbbbbbbbbbb2';
const ORG_C = 'ccccccccccccccccccccccc3'; // served, but with no key of its own
const UNKNOWN = 'ddddddddddddddddddddddd4';

const ring: Keyring = {
  providerKey: 'provider-key',
  orgIds: [ORG_A, ORG_B, ORG_C],
  orgKeys: new Map([
    [ORG_A, 'key-of-a'],
    [ORG_B, 'key-of-b'],
  ]),
  orgKeyOtherOrg: 'not-found',
};

describe('admit: which organisation a request acts on', () => {
  it.each<[string, string | undefined, string | undefined, string]>([
    ['provider key, org A', 'provider-key', ORG_A, ORG_A],
    ['provider key, org C (no key of its own)', 'provider-key', ORG_C, ORG_C],
    ['provider key, upper-case hex', 'provider-key', ORG_B.toUpperCase(), ORG_B],
    ['key of A, no x-org-id', 'key-of-a', undefined, ORG_A],
    ['key of A, empty x-org-id', 'key-of-a', '', ORG_A],
    ['key of A, its own org', 'key-of-a', ORG_A.toUpperCase(), ORG_A],
    ['key of B, no x-org-id', 'key-of-b', undefined, ORG_B],
  ])('%s: admitted to that organisation', (_name, key, orgId, expected) => {
    expect(admit(key, orgId, ring)).toEqual({ admitted: true, orgId: expected });
  });

  it.each<[string, string | undefined, string | undefined, number, string]>([
    ['no key', undefined, ORG_A, 401, 'Missing API key'],
    ['empty key', '', ORG_A, 401, 'Missing API key'],
    ['unknown key, even with a good org', 'nope', ORG_A, 401, 'Invalid API key'],
    ['a prefix of the provider key', 'provider-ke', ORG_A, 401, 'Invalid API key'],
    ['unknown key with a malformed org: the key first', 'nope', 'bad', 401, 'Invalid API key'],
    ['provider key without x-org-id', 'provider-key', undefined, 401, 'x-org-id header is required'],
    ['provider key, malformed x-org-id', 'provider-key', 'not-an-org', 400, 'Bad Request'],
    ['provider key, unknown org', 'provider-key', UNKNOWN, 404, 'Not Found'],
    ['key of A on org B', 'key-of-a', ORG_B, 404, 'Not Found'],
    ['key of A on org C', 'key-of-a', ORG_C, 404, 'Not Found'],
    ['key of A on an unknown org', 'key-of-a', UNKNOWN, 404, 'Not Found'],
    ['key of A, malformed x-org-id', 'key-of-a', 'zz', 400, 'Bad Request'],
  ])('%s: refused with %s', (_name, key, orgId, status, message) => {
    const admission = admit(key, orgId, ring);
    expect(admission).toMatchObject({ admitted: false, status });
    expect(JSON.stringify(admission)).toContain(message);
  });

  it('answers another org and an unknown org alike for a per-org key (no existence leak)', () => {
    expect(admit('key-of-a', ORG_B, ring)).toEqual(admit('key-of-a', UNKNOWN, ring));
    expect(admit('provider-key', UNKNOWN, ring)).toEqual(admit('key-of-a', ORG_B, ring));
  });

  it('lets a per-org key ignore x-org-id when orgKeyOtherOrg is ignore, the provider key still needs it', () => {
    const ignoring: Keyring = { ...ring, orgKeyOtherOrg: 'ignore' };
    expect(admit('key-of-a', ORG_B, ignoring)).toEqual({ admitted: true, orgId: ORG_A });
    expect(admit('key-of-a', 'garbage', ignoring)).toEqual({ admitted: true, orgId: ORG_A });
    expect(admit('provider-key', undefined, ignoring)).toMatchObject({ admitted: false, status: 401 });
  });

  it('never puts a key in a refusal', () => {
    for (const [key, orgId] of [
      ['key-of-a', ORG_B],
      ['provider-key', undefined],
      ['nope', ORG_A],
    ] as const) {
      const text = JSON.stringify(admit(key, orgId, ring));
      for (const secret of ['provider-key', 'key-of-a', 'key-of-b', 'nope']) expect(text).not.toContain(secret);
    }
  });
});
