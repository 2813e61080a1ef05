import { addValues, removeValues } from '../../../src/scim/patch/multi-value-index';
import { isPlainObject, valueAt } from '../../../src/scim/resource/resource-values';
import type { AttributeDefinition } from '../../../src/scim/schema/attribute-definition';
import { findByName } from '../../../src/scim/schema/select-attributes';
import { sameValue } from '../../../src/scim/patch/same-value';
import { CUSTOM_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from './patch-test-schemas';
import { seededRandom } from '../../support/seeded-random';

/** The quadratic de-duplication the index replaced (issue 12, finding 1): the reference. */
function covers(definition: AttributeDefinition, element: unknown, partial: unknown): boolean {
  if (definition.type !== 'complex' || !isPlainObject(element) || !isPlainObject(partial)) return sameValue(definition, element, partial);
  return Object.entries(partial).every(([key, value]) => {
    const sub = findByName(definition.subAttributes ?? [], key);
    return sub !== undefined && (sub.mutability === 'readOnly' || sameValue(sub, valueAt(element, key), value));
  });
}

function referenceAdd(attribute: AttributeDefinition, elements: unknown[], items: unknown[]): { after: unknown[]; touched: Set<unknown> } {
  const touched = new Set<unknown>();
  for (const item of items) {
    if (elements.some((element) => covers(attribute, element, item))) continue;
    const extended = elements.find((element) => isPlainObject(item) && covers(attribute, item, element));
    if (extended) {
      Object.assign(extended as Record<string, unknown>, item);
      touched.add(extended);
    } else {
      elements.push(item);
      touched.add(item);
    }
  }
  return { after: elements, touched };
}

function referenceRemove(attribute: AttributeDefinition, elements: unknown[], listed: unknown[]): unknown[] {
  return elements.filter((element) => !listed.some((item) => covers(attribute, element, item)));
}


function attribute(schema: { attributes: AttributeDefinition[] }, name: string): AttributeDefinition {
  const found = schema.attributes.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no attribute ${name}`);
  return found;
}

const ATTRIBUTES = [attribute(USER_SCHEMA, 'emails'), attribute(USER_SCHEMA, 'addresses'), attribute(GROUP_SCHEMA, 'members'), attribute(CUSTOM_SCHEMA, 'badges')];
/** Few distinct values, in both letter cases, so that duplicates, covers and merges are frequent. */
const WORDS = ['a', 'A', 'b', 'B', 'c'];

function randomValue(definition: AttributeDefinition, next: () => number): unknown {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  if (definition.type !== 'complex') return pick(WORDS);
  const value: Record<string, unknown> = {};
  for (const sub of definition.subAttributes ?? []) {
    if (next() < 0.5) continue;
    value[next() < 0.1 ? sub.name.toUpperCase() : sub.name] = sub.type === 'boolean' ? next() < 0.5 : pick(WORDS);
  }
  if (next() < 0.05) value.unknownPart = 'x';
  return value;
}

describe('multi-valued add/remove de-duplication (RFC 7644 §3.5.2.1, issue 12 finding 1)', () => {
  it.each(ATTRIBUTES.map((definition) => [definition.name, definition] as const))('%s: the index gives the reference result on 500 random small inputs', (_name, definition) => {
    const next = seededRandom(12 + definition.name.length);
    for (let round = 0; round < 500; round += 1) {
      const before = Array.from({ length: Math.floor(next() * 5) }, () => randomValue(definition, next));
      const items = Array.from({ length: 1 + Math.floor(next() * 5) }, () => randomValue(definition, next));
      const expected = referenceAdd(definition, structuredClone(before), structuredClone(items));
      const actual = addValues(definition, structuredClone(before), structuredClone(items));
      expect({ round, after: actual.after, touched: [...actual.touched] }).toEqual({ round, after: expected.after, touched: [...expected.touched] });
      expect({ round, after: removeValues(definition, before, items) }).toEqual({ round, after: referenceRemove(definition, before, items) });
    }
  });

  it('adds 40,000 distinct values in linear time (the scan took minutes)', () => {
    const emails = attribute(USER_SCHEMA, 'emails');
    const items = Array.from({ length: 40_000 }, (_, index) => ({ value: `user${index}@example.com`, type: 'work' }));
    const started = performance.now();
    const { after } = addValues(emails, [], items);
    const removed = removeValues(emails, after, items.slice(0, 20_000));
    expect(after).toHaveLength(40_000);
    expect(removed).toHaveLength(20_000);
    // The scan took minutes for 40,000 values; the index takes well under a second on an idle core.
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('calls onGrow with each new length, so a cap can stop the work early', () => {
    const emails = attribute(USER_SCHEMA, 'emails');
    const lengths: number[] = [];
    addValues(emails, [{ value: 'a@example.com' }], [{ value: 'A@example.com' }, { value: 'b@example.com' }, { value: 'c@example.com' }], (length) => lengths.push(length));
    expect(lengths).toEqual([2, 3]);
  });
});
