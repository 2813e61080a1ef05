import type { SystemUser } from '../../src/jumpcloud';
import { loadUserMapping } from '../../src/mapping';
import { classifyUserWrite } from '../../src/lifecycle/classify';
import { weakEtag } from '../../src/scim/etag';
import cases from './user-round-trip.cases.json';

const mapping = loadUserMapping();

interface Case {
  name: string;
  user: SystemUser;
  extras?: { managerDisplayName?: string };
  scim: Record<string, unknown>;
  create?: Record<string, unknown>;
  /** The update a PUT of the rendered User makes (default: none). */
  putBack?: Record<string, unknown>;
}

describe('JumpCloud user -> SCIM -> JumpCloud', () => {
  describe.each((cases as Case[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    it('renders the SCIM User', () => {
      expect(mapping.toScim(c.user, c.extras)).toEqual(c.scim);
    });

    it('never renders a password', () => {
      expect(mapping.toScim({ ...c.user, password: 'x' })).not.toHaveProperty('password');
    });

    if (c.create) {
      const create = c.create;
      it('turns the rendered User (as a client would send it back) into the create body', () => {
        expect(mapping.toCreateBody(mapping.validateInbound(c.scim))).toEqual(create);
      });
    }

    if (c.scim.emails) {
      it('writes nothing (or only a cleanup) when the rendered User is PUT back unchanged', () => {
        expect(mapping.toUpdateBody(mapping.validateInbound(c.scim), c.user)).toEqual(c.putBack);
      });
    }
  });
});

describe('JumpCloud array item ids (id and _id, re-issued on every replacing PUT: NOTES.md)', () => {
  const user = (cases as Case[])[0]?.user as SystemUser;
  /** The same user after JumpCloud gave every array item a new id. */
  const reissued = (suffix: string): SystemUser => {
    const retag = <T extends object>(items: T[] | undefined) => (items ?? []).map((item, index) => ({ ...item, id: `${suffix}${index}`, _id: `${suffix}${index}` }));
    return { ...user, phoneNumbers: retag(user.phoneNumbers), addresses: retag(user.addresses), attributes: retag(user.attributes) };
  };

  it('are never rendered', () => {
    const text = JSON.stringify(mapping.toScim(reissued('x')));
    for (const id of ['"x0"', '"x1"', '"_id"']) expect(text).not.toContain(id);
  });

  it('are no change: same SCIM User, same ETag, no lifecycle event, no PUT', () => {
    const before = mapping.toScim(reissued('a'));
    const after = mapping.toScim(reissued('b'));
    expect(after).toEqual(before);
    expect(weakEtag(after)).toBe(weakEtag(before));
    expect(classifyUserWrite({ before, after })).toEqual([]);
    expect(mapping.toUpdateBody(mapping.validateInbound(before), reissued('b'))).toBeUndefined();
  });

  it('are never sent back when an array is written', () => {
    const desired = mapping.validateInbound({ ...mapping.toScim(user), phoneNumbers: [{ value: '+1 555 0199', type: 'home' }, ...((mapping.toScim(user).phoneNumbers as object[]) ?? [])] });
    const body = mapping.toUpdateBody(desired, reissued('c'));
    expect(body?.phoneNumbers).toHaveLength(3);
    expect(JSON.stringify(body)).not.toMatch(/"_?id"/);
  });
});
