import { applyPatch, DEFAULT_MAX_VALUES_PER_ATTRIBUTE } from '../../../src/scim/patch';
import type { ScimResource } from '../../../src/scim/scim-urns';
import { thrownScimError } from '../../support/thrown-scim-error';
import { CUSTOM, SCHEMA_SETS } from './patch-test-schemas';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const schemas = SCHEMA_SETS.custom ?? SCHEMA_SETS.user ?? [];
const patch = (resource: ScimResource, ...operations: unknown[]) => applyPatch(resource, { schemas: [PATCH_OP], Operations: operations }, schemas);
const emails = (count: number, from = 0) => Array.from({ length: count }, (_, index) => ({ value: `u${from + index}@example.com`, type: 'other' }));
const user = (extra: Record<string, unknown> = {}): ScimResource => ({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: '1', userName: 'u', ...extra });

const rejection = thrownScimError;

/** Issue 12, finding 1: a cap on the values one multi-valued attribute may be left with. */
describe('values per multi-valued attribute', () => {
  it('is 100 by default', () => {
    expect(DEFAULT_MAX_VALUES_PER_ATTRIBUTE).toBe(100);
  });

  it.each([
    ['add of 101 values', { op: 'add', path: 'emails', value: emails(101) }],
    ['replace with 101 values', { op: 'replace', path: 'emails', value: emails(101) }],
    ['path-less add of 101 values', { op: 'add', value: { emails: emails(101) } }],
    ['filtered add of the 101st value', { op: 'add', path: 'emails[value eq "new@example.com"].type', value: 'work' }],
  ])('%s: 400 invalidValue naming the attribute and the limit', (_name, operation) => {
    const start = _name.startsWith('filtered') ? user({ emails: emails(100) }) : user();
    const error = rejection(() => patch(start, operation));
    expect(error.status).toBe(400);
    expect(error.scimType).toBe('invalidValue');
    expect(error.message).toContain('"emails" may hold at most 100 values');
  });

  it('100 values are accepted, and duplicates do not count', () => {
    const { resource } = patch(user(), { op: 'add', path: 'emails', value: [...emails(100), ...emails(100)] });
    expect(resource.emails).toHaveLength(100);
  });

  it('a resource already beyond the cap can still lose values and take values it has', () => {
    const badges = Array.from({ length: 150 }, (_, index) => `b${index}`);
    const start = user({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', CUSTOM], [CUSTOM]: { badges } });
    expect((patch(start, { op: 'remove', path: `${CUSTOM}:badges`, value: ['b1'] }).resource[CUSTOM] as { badges: string[] }).badges).toHaveLength(149);
    expect(patch(start, { op: 'add', path: `${CUSTOM}:badges`, value: ['B2'] }).changed).toBe(false);
    expect(rejection(() => patch(start, { op: 'add', path: `${CUSTOM}:badges`, value: ['new'] })).message).toContain(`"${CUSTOM}:badges" may hold at most 100 values`);
  });

  it('takes another limit from the options', () => {
    const error = rejection(() => applyPatch(user(), { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'emails', value: emails(3) }] }, schemas, { maxValuesPerAttribute: 2 }));
    expect(error.message).toContain('"emails" may hold at most 2 values');
  });
});

describe('per-attribute caps', () => {
  it('maxValuesByAttribute replaces the cap for the named attribute only (names case-insensitive)', () => {
    const options = { maxValuesByAttribute: { EMAILS: 150 } };
    const run = (...operations: unknown[]) => () => applyPatch(user(), { schemas: [PATCH_OP], Operations: operations }, schemas, options);
    expect(run({ op: 'add', path: 'emails', value: emails(150) })).not.toThrow();
    expect(rejection(run({ op: 'add', path: 'emails', value: emails(151) })).message).toContain('"emails" may hold at most 150 values');
    const phones = Array.from({ length: DEFAULT_MAX_VALUES_PER_ATTRIBUTE + 1 }, (_, index) => ({ value: `+1555${String(index).padStart(7, '0')}`, type: 'work' }));
    expect(rejection(run({ op: 'add', path: 'phoneNumbers', value: phones })).message).toContain(`at most ${DEFAULT_MAX_VALUES_PER_ATTRIBUTE} values`);
  });
});
