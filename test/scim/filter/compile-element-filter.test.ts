import { compileElementFilter, parsePath, requireAttribute } from '../../../src/scim/filter';
import { userSchemas } from './test-schemas';
import { thrownScimError } from '../../support/thrown-scim-error';

/** The PATCH engine's use: pick the elements a value-filter path designates. */
function elementFilter(pathText: string): (element: unknown) => boolean {
  const path = parsePath(pathText);
  if (!path.valueFilter) throw new Error(`${pathText} has no value filter`);
  return compileElementFilter(path.valueFilter, requireAttribute(path, userSchemas, 'invalidPath'), userSchemas);
}


const emails = [
  { value: 'ada@x.com', type: 'work', primary: false },
  { value: 'ada@home.org', type: 'home', primary: true },
  { value: 'ADA@WORK2.COM', type: 'Work', primary: 'True' },
];

describe('compileElementFilter (PATCH value-filter paths, RFC 7644 §3.5.2)', () => {
  it.each([
    ['emails[type eq "work"]', [0, 2]],
    ['emails[type eq "work" and primary eq true].value', [2]],
    ['emails[value ew "@x.com"]', [0]],
    ['emails[not (primary eq true)]', [0]],
    ['emails[display pr]', []],
  ])('%s selects elements %j', (path, indexes) => {
    const keep = elementFilter(path);
    expect(emails.flatMap((element, index) => (keep(element) ? [index] : []))).toEqual(indexes);
  });

  it('selects group members by value, as Okta and Entra remove them', () => {
    const members = [{ value: '2819c223-7f76-453a-919d-413861904646' }, { value: '902c246b-6245-4190-8e05-00816be7344a' }];
    const path = parsePath('members[value eq "2819c223-7f76-453a-919d-413861904646"]');
    const groupSchema = {
      id: 'urn:ietf:params:scim:schemas:core:2.0:Group',
      name: 'Group',
      description: 'Group',
      attributes: [
        {
          name: 'members',
          type: 'complex' as const,
          multiValued: true,
          description: 'members',
          required: false,
          caseExact: false,
          mutability: 'readWrite' as const,
          returned: 'default' as const,
          uniqueness: 'none' as const,
          subAttributes: [{ name: 'value', type: 'string' as const, multiValued: false, description: 'id', required: false, caseExact: true, mutability: 'immutable' as const, returned: 'default' as const, uniqueness: 'none' as const }],
        },
      ],
    };
    const keep = compileElementFilter(path.valueFilter!, requireAttribute(path, [groupSchema], 'invalidPath'), [groupSchema]);
    expect(members.filter(keep)).toEqual([members[0]]);
    expect(keep('not an object')).toBe(false);
  });

  it('reports a bad value filter as invalidPath with the filter detail', () => {
    const error = thrownScimError(() => elementFilter('emails[nope eq "x"]'));
    expect(error.scimType).toBe('invalidPath');
    expect(error.message).toBe('Path error: "emails.nope": "nope" is not a sub-attribute of "emails" (sub-attributes: value, display, type, primary).');
  });

  it('refuses a value filter on a simple attribute', () => {
    const path = parsePath('userName[value eq "x"]');
    const error = thrownScimError(() => compileElementFilter(path.valueFilter!, requireAttribute(path, userSchemas, 'invalidPath'), userSchemas));
    expect(error.scimType).toBe('invalidPath');
    expect(error.message).toContain('needs a complex attribute, and "userName" is string');
  });
});

describe('requireAttribute', () => {
  it.each(['invalidFilter', 'invalidPath', 'noTarget'] as const)('throws %s for an unknown attribute', (scimType) => {
    const error = thrownScimError(() => requireAttribute(parsePath('nope'), userSchemas, scimType));
    expect(error.scimType).toBe(scimType);
    expect(error.message).toMatch(/^(Filter|Path) error: "nope" is not an attribute of this resource type/);
  });

  it('returns the resolution of a known one', () => {
    expect(requireAttribute(parsePath('name.familyName'), userSchemas, 'invalidPath').location).toEqual(['name', 'familyName']);
  });
});
