import type { SystemUser } from '../../src/jumpcloud';
import { loadUserMapping } from '../../src/mapping';
import { ScimError } from '../../src/scim/scim-error';
import table from './user-update.cases.json';

const mapping = loadUserMapping();
const current = table.current as unknown as SystemUser;

interface Case {
  name: string;
  change: Record<string, unknown>;
  update?: Record<string, unknown> | null;
  error?: string;
}

/** The base resource with the case's changes (null removes an attribute, as a PUT leaving it out). */
function desired(change: Record<string, unknown>): unknown {
  const body: Record<string, unknown> = structuredClone(table.base);
  for (const [key, value] of Object.entries(change)) {
    if (value === null) delete body[key];
    else body[key] = value === '@LONG@' ? 'x'.repeat(1025) : value;
  }
  return body;
}

describe('toUpdateBody: only what changes, arrays read-merged', () => {
  it.each((table.cases as Case[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const resource = mapping.validateInbound(desired(c.change));
    if (c.error !== undefined) {
      let thrown: unknown;
      try {
        mapping.toUpdateBody(resource, current);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(ScimError);
      expect((thrown as ScimError).scimType).toBe('invalidValue');
      expect((thrown as ScimError).message).toBe(c.error);
      return;
    }
    expect(mapping.toUpdateBody(resource, current) ?? null).toEqual(c.update);
  });

  it('keeps a mixed-case username made in the console when its userName is PUT back', () => {
    const user: SystemUser = { _id: '5f0c0c0c0c0c0c0c0c0c0c09', username: 'JSmith', email: 'j@example.com', state: 'ACTIVATED', attributes: [] };
    const resource = mapping.validateInbound(mapping.toScim(user));
    expect(mapping.toUpdateBody(resource, user)).toBeUndefined();
    // A case-only change keeps the username (no rename of a possibly bound user) and records the spelling.
    expect(mapping.toUpdateBody({ ...resource, userName: 'jsmith' }, user)).toEqual({ attributes: [{ name: 'scimUserName', value: 'jsmith' }] });
  });
});
