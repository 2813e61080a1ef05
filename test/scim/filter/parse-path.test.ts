import { formatPath, parsePath, type AttributePath } from '../../../src/scim/filter';
import { ScimError } from '../../../src/scim/scim-error';
import table from './parse-path.cases.json';
import { checkedCases, errorRow, validRow } from './load-cases';

interface Cases {
  valid: { name: string; path: string; expected: AttributePath }[];
  invalid: { name: string; path: string; error: string }[];
}

const cases = checkedCases<Cases>(
  table,
  {
    type: 'object',
    required: ['valid', 'invalid'],
    additionalProperties: false,
    properties: { valid: { type: 'array', items: validRow('path') }, invalid: { type: 'array', items: errorRow('path') } },
  },
  'parse-path.cases.json',
);

describe('parsePath (RFC 7644 §3.5.2 PATCH paths)', () => {
  it.each(cases.valid)('parses: $name', ({ path, expected }) => {
    expect(parsePath(path)).toEqual(expected);
  });

  it.each(cases.invalid)('rejects: $name', ({ path, error }) => {
    let thrown: unknown;
    try {
      parsePath(path);
    } catch (caught) {
      thrown = caught;
    }
    expect(thrown).toBeInstanceOf(ScimError);
    expect((thrown as ScimError).scimType).toBe('invalidPath');
    expect((thrown as ScimError).message).toContain(error);
  });

  it('formats a path back to text that parses to the same path', () => {
    const path = parsePath('urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq "work" and not (primary eq false)].value');
    expect(formatPath(path)).toBe('urn:ietf:params:scim:schemas:core:2.0:User:emails[type eq "work" and not (primary eq false)].value');
    expect(parsePath(formatPath(path))).toEqual(path);
  });

  it('applies the length limit to paths too', () => {
    expect(() => parsePath('a'.repeat(20), { maxLength: 10 })).toThrow('Path error: the path is 20 characters long; the limit is 10.');
  });
});
