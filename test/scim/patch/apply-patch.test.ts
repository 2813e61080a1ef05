import { applyPatch, validatePatchRequest, type PatchOptions } from '../../../src/scim/patch';
import type { ScimResource } from '../../../src/scim/scim-urns';
import cases from './apply-patch.cases.json';
import { ENTERPRISE, SCHEMA_SETS } from './patch-test-schemas';
import { thrownScimError } from '../../support/thrown-scim-error';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

interface Case {
  name: string;
  schemas?: string;
  resource: string;
  operations?: unknown[];
  request?: unknown;
  options?: PatchOptions;
  /** Top-level keys of the expected resource that differ from the input; null = absent. */
  changes?: Record<string, unknown>;
  changedAttributes?: string[];
  error?: { scimType: string; detail: string };
}

const resources = cases.resources as Record<string, ScimResource>;

/** Freezes a value and everything in it, so any write to the input throws in strict mode. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

function expectedResource(base: ScimResource, changes: Record<string, unknown>): ScimResource {
  const expected: ScimResource = structuredClone(base);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete expected[key];
    else expected[key] = value;
  }
  return expected;
}


describe('applyPatch (RFC 7644 §3.5.2), table', () => {
  const table = cases.cases as Case[];

  it('covers at least 60 rows', () => {
    expect(table.length).toBeGreaterThanOrEqual(60);
  });

  it.each(table.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const base = resources[testCase.resource];
    if (!base) throw new Error(`unknown resource ${testCase.resource}`);
    const schemas = SCHEMA_SETS[testCase.schemas ?? 'user'];
    if (!schemas) throw new Error(`unknown schema set ${testCase.schemas}`);
    const input = deepFreeze(structuredClone(base));
    const request = testCase.request ?? { schemas: [PATCH_OP], Operations: testCase.operations };
    const run = () => applyPatch(input, request, schemas, testCase.options);
    if (testCase.error) {
      const error = thrownScimError(run);
      expect(error.status).toBe(400);
      expect(error.scimType).toBe(testCase.error.scimType);
      expect(error.message).toContain(testCase.error.detail);
    } else {
      const changes = testCase.changes ?? {};
      const result = run();
      expect(result.resource).toEqual(expectedResource(base, changes));
      expect(result.changed).toBe(Object.keys(changes).length > 0);
      if (testCase.changedAttributes) expect(result.changedAttributes).toEqual(testCase.changedAttributes);
    }
    expect(input).toEqual(base);
  });
});

describe('applyPatch atomicity and copies', () => {
  const alice = resources.alice as ScimResource;
  const schemas = SCHEMA_SETS.user ?? [];

  it('a failing third operation leaves the input untouched and names the operation', () => {
    const input = structuredClone(alice);
    const error = thrownScimError(() =>
      applyPatch(
        input,
        {
          schemas: [PATCH_OP],
          Operations: [
            { op: 'replace', path: 'title', value: 'CTO' },
            { op: 'add', path: `${ENTERPRISE}:department`, value: 'Ops' },
            { op: 'replace', path: 'active', value: 'maybe' },
          ],
        },
        schemas,
      ),
    );
    expect(error.scimType).toBe('invalidValue');
    expect(error.message).toBe('Operations[2] (replace active): attribute "active" must be a boolean (true or false); got "maybe".');
    expect(input).toEqual(alice);
  });

  it('the result shares no object with the input or the request', () => {
    const input = structuredClone(alice);
    const value = [{ value: 'new@example.com', type: 'other' }];
    const { resource } = applyPatch(input, { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'emails', value }] }, schemas);
    (resource.emails as { value: string }[])[0]!.value = 'changed@example.com';
    value[0]!.value = 'changed-too@example.com';
    (resource.name as { givenName: string }).givenName = 'Mallory';
    expect(input).toEqual(alice);
    expect((resource.emails as { value: string }[]).at(-1)).toEqual({ value: 'new@example.com', type: 'other' });
  });

  it('a no-op PATCH reports no change and no attributes', () => {
    const result = applyPatch(alice, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: true, title: 'Engineer' } }] }, schemas);
    expect(result).toEqual({ resource: alice, changed: false, changedAttributes: [] });
  });
});

describe('validatePatchRequest', () => {
  it('normalises op case, the Operations key and blank paths', () => {
    expect(
      validatePatchRequest({
        schemas: [PATCH_OP],
        operations: [
          { op: 'Add', path: 'title', value: 'x' },
          { OP: 'REMOVE', Path: 'members[value eq "1"]' },
          { op: 'replace', path: '  ', value: { active: false } },
        ],
      }),
    ).toEqual([
      { index: 0, op: 'add', path: 'title', hasValue: true, value: 'x' },
      { index: 1, op: 'remove', path: 'members[value eq "1"]', hasValue: false },
      { index: 2, op: 'replace', hasValue: true, value: { active: false } },
    ]);
  });

  it('keeps an explicit null value (it unassigns)', () => {
    expect(validatePatchRequest({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: null }] })).toEqual([{ index: 0, op: 'replace', path: 'title', hasValue: true, value: null }]);
  });
});
