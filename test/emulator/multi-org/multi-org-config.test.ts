import { checkMultiOrgConfig } from '../../../emulator/multi-org/multi-org-config';

const ORG_A = 'aaaaaaaaaaaaaaaaaaaaaaa1';
const ORG_B = 'bbbbbbbbbbbbbbbbbbbbbbb2';

describe('checkMultiOrgConfig', () => {
  it('accepts organisations with and without keys of their own', () => {
    expect(() => checkMultiOrgConfig({ organizations: [{ id: ORG_A, apiKey: 'key-a' }, { id: ORG_B }], providerKey: 'p' })).not.toThrow();
  });

  it('lists every problem, naming the organisation and field', () => {
    let message = '';
    try {
      checkMultiOrgConfig({
        providerKey: 'shared-secret-value',
        organizations: [
          { id: 'not-hex', apiKey: 'k1' },
          { id: ORG_A, apiKey: 'shared-secret-value' },
          { id: ORG_A.toUpperCase(), apiKey: '' },
          { id: ORG_B, apiKey: 'k1' },
        ],
        orgKeyOtherOrg: 'maybe' as 'ignore',
        emailUniqueness: 'global' as 'per-organisation',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('organizations[0] (not-hex).id: must be a 24-hex organisation id');
    expect(message).toContain(`organizations[1] (${ORG_A}).apiKey: the same key as providerKey`);
    expect(message).toContain(`organizations[2] (${ORG_A.toUpperCase()}).id: used by another organisation`);
    expect(message).toContain(`organizations[2] (${ORG_A.toUpperCase()}).apiKey: must not be empty`);
    expect(message).toContain(`organizations[3] (${ORG_B}).apiKey: the same key as organizations[0] (not-hex).apiKey`);
    expect(message).toContain('orgKeyOtherOrg: must be not-found or ignore');
    expect(message).toContain('emailUniqueness: must be all-organisations or per-organisation');
    expect(message).not.toContain('shared-secret-value');
  });

  it('needs at least one organisation and a non-empty provider key', () => {
    expect(() => checkMultiOrgConfig({ organizations: [] })).toThrow(/at least one organisation/);
    expect(() => checkMultiOrgConfig({ organizations: [{ id: ORG_A }], providerKey: '' })).toThrow(/providerKey: must not be empty/);
  });
});
