import type { EmulatorOptions, SeedDocument } from '../context';
import { isOrgId } from '../http/org-header';

/** One organisation of a multi-organisation emulator: a whole emulator of its own behind the front. */
export interface OrganizationConfig {
  /** The organisation's 24-hex id: what `x-org-id` names, printed on its users and events. */
  id: string;
  /**
   * A key that belongs to this organisation alone (`x-org-id` absent or equal to `id`). Without
   * one the organisation is reachable with the provider key only.
   */
  apiKey?: string;
  /** The organisation's behaviour switches and admin identity (key and org ids come from here). */
  options?: Partial<Omit<EmulatorOptions, 'apiKey' | 'orgIds'>>;
  /** Users and groups loaded at start. */
  seed?: SeedDocument;
}

/** What a per-organisation key does with an `x-org-id` naming another organisation. */
export type OrgKeyOtherOrg = 'not-found' | 'ignore';

/** The organisations a multi-organisation emulator serves, and the keys that reach them. */
export interface MultiOrgConfig {
  organizations: OrganizationConfig[];
  /**
   * The multi-tenant (MSP) administrator key: administers every organisation, which `x-org-id`
   * chooses. Default: a random one (read it back from the running emulator), never a known one.
   */
  providerKey?: string;
  /**
   * A per-organisation key with `x-org-id` of an organisation that is not its own: `not-found`
   * (default: 404 as for any org a key does not administer, NOTES.md; a malformed id 400) or
   * `ignore` (the header is ignored, as the single-organisation emulator does; unconfirmed which
   * JumpCloud does).
   */
  orgKeyOtherOrg?: OrgKeyOtherOrg;
  /**
   * Where user e-mails must be unique: `all-organisations` (default: JumpCloud keeps an e-mail
   * unique across all of JumpCloud, not just the org, NOTES.md; a create or e-mail change to one
   * used in another organisation answers 400 "User already exists") or `per-organisation`.
   */
  emailUniqueness?: EmailUniqueness;
}

/** Where user e-mails must be unique (`MultiOrgConfig.emailUniqueness`). */
export type EmailUniqueness = 'all-organisations' | 'per-organisation';

/**
 * Checks a multi-organisation configuration before anything is built: at least one organisation,
 * ids 24-hex and distinct (case-insensitively), keys non-empty and distinct from each other and
 * from the provider key. Throws one Error listing every problem, naming the organisation and
 * field but never a key's value.
 */
export function checkMultiOrgConfig(config: MultiOrgConfig): void {
  const problems: string[] = [];
  if (config.organizations.length === 0) problems.push('organizations: at least one organisation is needed');
  const seenIds = new Set<string>();
  const keyOwners = new Map<string, string>();
  if (config.providerKey !== undefined) {
    if (config.providerKey === '') problems.push('providerKey: must not be empty');
    else keyOwners.set(config.providerKey, 'providerKey');
  }
  config.organizations.forEach((org, index) => {
    const where = `organizations[${index}]${typeof org.id === 'string' && org.id !== '' ? ` (${org.id})` : ''}`;
    if (typeof org.id !== 'string' || !isOrgId(org.id)) problems.push(`${where}.id: must be a 24-hex organisation id`);
    else if (seenIds.has(org.id.toLowerCase())) problems.push(`${where}.id: used by another organisation`);
    else seenIds.add(org.id.toLowerCase());
    if (org.apiKey === undefined) return;
    if (org.apiKey === '') problems.push(`${where}.apiKey: must not be empty`);
    else if (keyOwners.has(org.apiKey)) problems.push(`${where}.apiKey: the same key as ${keyOwners.get(org.apiKey)}`);
    else keyOwners.set(org.apiKey, `${where}.apiKey`);
  });
  if (config.orgKeyOtherOrg !== undefined && config.orgKeyOtherOrg !== 'not-found' && config.orgKeyOtherOrg !== 'ignore') {
    problems.push('orgKeyOtherOrg: must be not-found or ignore');
  }
  if (config.emailUniqueness !== undefined && config.emailUniqueness !== 'all-organisations' && config.emailUniqueness !== 'per-organisation') {
    problems.push('emailUniqueness: must be all-organisations or per-organisation');
  }
  if (problems.length > 0) throw new Error(`invalid multi-organisation emulator configuration:\n  ${problems.join('\n  ')}`);
}
