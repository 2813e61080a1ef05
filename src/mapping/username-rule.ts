import { ScimError } from '../scim/scim-error';

/**
 * How a SCIM `userName` becomes a JumpCloud `username`:
 * - `local-part` (default): the part before the first '@', lower-cased; each run of characters
 *   outside `[a-z0-9._-]` becomes one '.', runs of '.' collapse to one; a result not starting with a letter gets the prefix 'u';
 *   cut to 30 characters (JumpCloud's limit for Mac/Linux accounts). This is what JumpCloud's own
 *   Okta integration does with e-mail userNames, made safe for any input.
 * - `as-is`: the userName must already be a valid JumpCloud username; otherwise the request is
 *   refused with a 400 that quotes the rule.
 */
export type UsernameRule = 'local-part' | 'as-is';

/** JumpCloud's username limit for accounts that reach Mac and Linux systems. */
export const USERNAME_MAX_LENGTH = 30;

/** The JumpCloud username rule, as quoted to clients when a username is refused. */
export const USERNAME_RULE_TEXT =
  `a JumpCloud username starts with a letter, holds only letters, digits, '.', '_' and '-' (no '@' or spaces) and has at most ${USERNAME_MAX_LENGTH} characters`;

const VALID_USERNAME = new RegExp(`^[A-Za-z][A-Za-z0-9._-]{0,${USERNAME_MAX_LENGTH - 1}}$`);

/** True when `username` satisfies JumpCloud's username rule (NOTES.md: letters first, Unix-safe, <= 30). */
export function isValidJumpCloudUsername(username: string): boolean {
  return VALID_USERNAME.test(username);
}

/**
 * Derives the JumpCloud username for a SCIM `userName` by `rule`. Deterministic and
 * case-insensitive (`local-part` lower-cases first), so every spelling of one userName derives
 * the same username: the filter pushdown relies on this. Throws `ScimError` invalidValue quoting
 * the rule when no username can be derived.
 */
export function deriveUsername(userName: string, rule: UsernameRule): string {
  if (rule === 'as-is') {
    if (!isValidJumpCloudUsername(userName)) {
      throw ScimError.of('invalidValue', `Attribute "userName" cannot be used as a JumpCloud username: ${USERNAME_RULE_TEXT}.`);
    }
    return userName;
  }
  const at = userName.indexOf('@');
  const local = (at < 0 ? userName : userName.slice(0, at)).toLowerCase();
  // Runs of dots collapse too, so "john. doe" and "john.doe" derive the same username.
  let derived = local.replace(/[^a-z0-9._-]+/g, '.').replace(/\.{2,}/g, '.');
  if (!/[a-z0-9]/.test(derived)) {
    throw ScimError.of(
      'invalidValue',
      'Attribute "userName" cannot be turned into a JumpCloud username: the part before \'@\' must hold at least one letter or digit.',
    );
  }
  if (!/^[a-z]/.test(derived)) derived = `u${derived}`;
  return derived.slice(0, USERNAME_MAX_LENGTH);
}

/**
 * Like `deriveUsername`, but answers undefined instead of throwing: for reads (rendering, filter
 * planning) where an underivable userName simply cannot belong to any user.
 */
export function tryDeriveUsername(userName: string, rule: UsernameRule): string | undefined {
  try {
    return deriveUsername(userName, rule);
  } catch {
    return undefined;
  }
}
