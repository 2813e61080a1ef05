import { deriveUsername, isValidJumpCloudUsername, type UsernameRule } from '../../src/mapping/username-rule';
import { ScimError } from '../../src/scim/scim-error';
import cases from './username-rule.cases.json';

type Case = { rule: UsernameRule; userName: string; username?: string; error?: string };

describe('JumpCloud username derivation', () => {
  it.each((cases as Case[]).map((c) => [`${c.rule}: ${JSON.stringify(c.userName)}`, c] as const))('%s', (_name, c) => {
    if (c.error !== undefined) {
      let thrown: unknown;
      try {
        deriveUsername(c.userName, c.rule);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(ScimError);
      expect((thrown as ScimError).status).toBe(400);
      expect((thrown as ScimError).scimType).toBe('invalidValue');
      expect((thrown as ScimError).message).toBe(c.error);
      return;
    }
    const derived = deriveUsername(c.userName, c.rule);
    expect(derived).toBe(c.username);
    // Whatever the input, the result is a username JumpCloud accepts.
    expect(isValidJumpCloudUsername(derived)).toBe(true);
  });

  it('derives the same username from every letter case of a userName (the pushdown relies on it)', () => {
    for (const c of (cases as Case[]).filter((x) => x.rule === 'local-part' && x.username)) {
      expect(deriveUsername(c.userName.toUpperCase(), 'local-part')).toBe(c.username);
    }
  });
});
