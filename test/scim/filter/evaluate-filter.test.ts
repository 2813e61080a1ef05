import { compileFilter, parseFilter } from '../../../src/scim/filter';
import { ScimError } from '../../../src/scim/scim-error';
import type { ScimResource } from '../../../src/scim/scim-urns';
import table from './evaluate-filter.cases.json';
import { checkedCases } from './load-cases';
import { userSchemas } from './test-schemas';

interface Cases {
  resources: Record<string, ScimResource>;
  matches: { name: string; filter: string; resource: string; expected: boolean }[];
  errors: { name: string; filter: string; error: string }[];
}

const name = { type: 'string', minLength: 1 };
const cases = checkedCases<Cases>(
  table,
  {
    type: 'object',
    required: ['resources', 'matches', 'errors'],
    additionalProperties: false,
    properties: {
      resources: { type: 'object', additionalProperties: { type: 'object', required: ['schemas'], properties: { schemas: { type: 'array', items: { type: 'string' } } } } },
      matches: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'filter', 'resource', 'expected'],
          additionalProperties: false,
          properties: { name, filter: { type: 'string' }, resource: { enum: Object.keys((table as { resources: object }).resources) }, expected: { type: 'boolean' } },
        },
      },
      errors: {
        type: 'array',
        items: { type: 'object', required: ['name', 'filter', 'error'], additionalProperties: false, properties: { name, filter: { type: 'string' }, error: name } },
      },
    },
  },
  'evaluate-filter.cases.json',
);

function resource(key: string): ScimResource {
  const found = cases.resources[key];
  if (!found) throw new Error(`no resource ${key} in evaluate-filter.cases.json`);
  return found;
}

describe('compileFilter (RFC 7644 §3.4.2.2 semantics)', () => {
  it('has the promised breadth of cases, with both outcomes', () => {
    expect(cases.matches.length + cases.errors.length).toBeGreaterThanOrEqual(50);
    expect(cases.matches.filter((row) => row.expected).length).toBeGreaterThan(10);
    expect(cases.matches.filter((row) => !row.expected).length).toBeGreaterThan(10);
  });

  it.each(cases.matches)('$name: $filter on $resource -> $expected', ({ filter, resource: key, expected }) => {
    expect(compileFilter(parseFilter(filter), userSchemas)(resource(key))).toBe(expected);
  });

  // Compiled without reading any resource: a bad filter fails whatever the data.
  it.each(cases.errors)('rejects at compile time: $name', ({ filter, error }) => {
    let thrown: unknown;
    try {
      compileFilter(parseFilter(filter), userSchemas);
    } catch (caught) {
      thrown = caught;
    }
    expect(thrown).toBeInstanceOf(ScimError);
    expect((thrown as ScimError).scimType).toBe('invalidFilter');
    expect((thrown as ScimError).message).toContain(error);
  });

  it('negation is consistent: not (f) is the complement of f on every matching case', () => {
    for (const row of cases.matches) {
      const negated = compileFilter(parseFilter(`not (${row.filter})`), userSchemas);
      expect({ filter: row.filter, result: negated(resource(row.resource)) }).toEqual({ filter: row.filter, result: !row.expected });
    }
  });

  it('tolerates resources of unexpected shape without throwing', () => {
    const odd = { schemas: [], emails: 'not-an-array', name: 'flat', meta: 5, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': 'x' } as unknown as ScimResource;
    for (const filter of ['emails co "x"', 'emails[type eq "work"]', 'name.givenName pr', 'meta.lastModified gt "2026-01-01T00:00:00Z"', 'employeeNumber eq "1"']) {
      expect(compileFilter(parseFilter(filter), userSchemas)(odd)).toBe(false);
    }
  });

  it('reads attribute keys case-insensitively in the resource too', () => {
    const stored = { schemas: [], USERNAME: 'ada', 'URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER': { EmployeeNumber: '7' } } as ScimResource;
    expect(compileFilter(parseFilter('userName eq "ada" and employeeNumber eq "7"'), userSchemas)(stored)).toBe(true);
  });
});
