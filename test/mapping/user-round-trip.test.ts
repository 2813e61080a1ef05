import type { SystemUser } from '../../src/jumpcloud';
import { loadUserMapping } from '../../src/mapping';
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
