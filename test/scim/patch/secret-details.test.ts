import { applyPatch } from '../../../src/scim/patch';
import { ScimError } from '../../../src/scim/scim-error';
import type { ScimResource } from '../../../src/scim/scim-urns';
import table from './secret-details.cases.json';
import { SCHEMA_SETS } from './patch-test-schemas';

const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

interface Case {
  name: string;
  operations?: unknown[];
  request?: unknown;
  scimType: string;
}

const user: ScimResource = { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: '5f1a', userName: 'alice', emails: [{ value: 'alice@example.com', type: 'work' }] };

/**
 * No error detail quotes a value of a `returned: never` attribute (RFC 7643 §7), nor the
 * malformed operation that carries one: a detail reaches the client, the log and recorded
 * fixtures (issue 12, finding 6).
 */
describe('PATCH error details never quote a password', () => {
  it.each((table.cases as Case[]).map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const request = testCase.request ?? { schemas: [PATCH_OP], Operations: testCase.operations };
    let caught: unknown;
    try {
      applyPatch(user, request, SCHEMA_SETS.user ?? []);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScimError);
    const error = caught as ScimError;
    expect(error.scimType).toBe(testCase.scimType);
    expect(error.message).not.toContain(table.secret);
    expect(error.message).not.toContain('Zebra');
    // The detail still says what to fix.
    expect(error.message).toMatch(/must (be|have)/);
  });
});
