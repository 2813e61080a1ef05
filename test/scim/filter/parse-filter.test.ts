import { formatFilter, parseFilter, type FilterNode } from '../../../src/scim/filter';
import { ScimError } from '../../../src/scim/scim-error';
import table from './parse-filter.cases.json';
import { checkedCases, errorRow, validRow } from './load-cases';

interface Limits {
  maxLength?: number;
  maxDepth?: number;
}
interface Cases {
  valid: { name: string; filter: string; expected: FilterNode; options?: Limits }[];
  invalid: { name: string; filter: string; error: string; options?: Limits }[];
}

const options = { type: 'object', additionalProperties: false, properties: { maxLength: { type: 'integer' }, maxDepth: { type: 'integer' } } };
const cases = checkedCases<Cases>(
  table,
  {
    type: 'object',
    required: ['valid', 'invalid'],
    additionalProperties: false,
    properties: { valid: { type: 'array', items: validRow('filter', { options }) }, invalid: { type: 'array', items: errorRow('filter', { options }) } },
  },
  'parse-filter.cases.json',
);

/** Drops `unquoted` markers, which formatting does not preserve. */
function withoutUnquoted(node: unknown): unknown {
  return JSON.parse(JSON.stringify(node, (key, value: unknown) => (key === 'unquoted' ? undefined : value)));
}

describe('parseFilter (RFC 7644 §3.4.2.2)', () => {
  it('has the promised breadth of cases', () => {
    expect(cases.valid.length + cases.invalid.length).toBeGreaterThanOrEqual(60);
  });

  it.each(cases.valid)('parses: $name', ({ filter, expected, options: limits }) => {
    expect(parseFilter(filter, limits)).toEqual(expected);
  });

  it.each(cases.invalid)('rejects: $name', ({ filter, error, options: limits }) => {
    let thrown: unknown;
    try {
      parseFilter(filter, limits);
    } catch (caught) {
      thrown = caught;
    }
    expect(thrown).toBeInstanceOf(ScimError);
    const scimError = thrown as ScimError;
    expect(scimError.scimType).toBe('invalidFilter');
    expect(scimError.status).toBe(400);
    expect(scimError.message).toContain(error);
  });

  it.each(cases.valid)('formats back to an equivalent filter: $name', ({ filter, options: limits }) => {
    const parsed = parseFilter(filter, limits);
    expect(withoutUnquoted(parseFilter(formatFilter(parsed)))).toEqual(withoutUnquoted(parsed));
  });

  it('accepts exactly the default limits', () => {
    const atLength = `title eq "${'x'.repeat(4096 - 'title eq ""'.length)}"`;
    expect(atLength).toHaveLength(4096);
    expect(() => parseFilter(atLength)).not.toThrow();
    expect(() => parseFilter(`${'('.repeat(32)}a pr${')'.repeat(32)}`)).not.toThrow();
  });

  it('builds long and/or chains without recursion trouble', () => {
    const filter = Array.from({ length: 300 }, (_, i) => `a eq ${i}`).join(' or ');
    let node = parseFilter(filter);
    let count = 1;
    while (node.kind === 'or') {
      node = node.left;
      count += 1;
    }
    expect(count).toBe(300);
  });
});
