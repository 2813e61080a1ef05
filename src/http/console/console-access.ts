import { hash } from 'node:crypto';
import { sameSecret } from '../auth.middleware';

/**
 * What a console session may see, decided at sign-in by the token presented: the single bridge
 * (no TENANTS_FILE), every tenant (the provider-wide ADMIN_TOKEN), or one tenant (its own admin token).
 */
export type ConsoleReach = { kind: 'bridge' } | { kind: 'all-tenants' } | { kind: 'tenant'; tenant: string };

/** A session's reach and a digest of the token that granted it (never the token). */
export interface ConsoleGrant {
  reach: ConsoleReach;
  /** SHA-256 (hex) of the token signed in with: a token rotated or removed at a reload ends its sessions. */
  credential: string;
}

/** Who may sign in to the console, and what each sign-in may see. */
export interface ConsoleAccess {
  /** The grant a presented token signs in with, or undefined when it matches no configured token. */
  grantFor(presented: string): ConsoleGrant | undefined;
  /** Whether a session's grant still holds: its token is still configured, with the same reach. */
  holds(grant: ConsoleGrant): boolean;
  /** The tenants a grant may see now, sorted (undefined for the single bridge: no picker, no tenant paths). */
  tenantsOf(grant: ConsoleGrant): string[] | undefined;
}

/** One admin token and what it reaches. */
interface Credential {
  token: string;
  reach: ConsoleReach;
}

function digest(token: string): string {
  return hash('sha256', token, 'hex');
}

function sameReach(a: ConsoleReach, b: ConsoleReach): boolean {
  return a.kind === b.kind && (a.kind !== 'tenant' || (b.kind === 'tenant' && a.tenant === b.tenant));
}

/**
 * Matches a presented token against every credential, with no early exit: the time taken says
 * nothing about which token (or whether one) matched. The first match wins, so a provider-wide
 * token listed first reaches every tenant even if a tenant reused it (the tenants file refuses that).
 */
function match(credentials: readonly Credential[], presented: string): ConsoleGrant | undefined {
  if (presented === '') return undefined;
  const matches = credentials.map((credential) => sameSecret(presented, credential.token));
  const index = matches.indexOf(true);
  const found = index === -1 ? undefined : credentials[index];
  return found ? { reach: found.reach, credential: digest(presented) } : undefined;
}

function holdsIn(credentials: readonly Credential[], grant: ConsoleGrant): boolean {
  // Only the credentials of the grant's reach are hashed (one, in practice), not every tenant's at every request.
  return credentials.some((credential) => sameReach(credential.reach, grant.reach) && digest(credential.token) === grant.credential);
}

/** A bridge without TENANTS_FILE: ADMIN_TOKEN (any of the given tokens) sees the one bridge. */
export function bridgeConsoleAccess(adminTokens: readonly string[]): ConsoleAccess {
  const credentials: Credential[] = adminTokens.map((token) => ({ token, reach: { kind: 'bridge' } }));
  return {
    grantFor: (presented) => match(credentials, presented),
    holds: (grant) => holdsIn(credentials, grant),
    tenantsOf: () => undefined,
  };
}

/** What the tenants console knows of each tenant now (read per request: a reload adds, changes and removes tenants). */
export interface ConsoleTenant {
  id: string;
  /** The tenant's own admin token, if it has one. */
  adminToken?: string;
}

/**
 * TENANTS_FILE: the provider-wide ADMIN_TOKEN sees every tenant, a tenant's admin token sees that
 * tenant only. Read live, so a tenant removed (or its token rotated) at a SIGHUP reload loses its
 * sessions at their next request.
 */
export function tenantsConsoleAccess(providerAdminToken: string | undefined, tenants: () => readonly ConsoleTenant[]): ConsoleAccess {
  const credentials = (): Credential[] => [
    ...(providerAdminToken ? [{ token: providerAdminToken, reach: { kind: 'all-tenants' } as const }] : []),
    ...tenants().flatMap((tenant) => (tenant.adminToken ? [{ token: tenant.adminToken, reach: { kind: 'tenant', tenant: tenant.id } as const }] : [])),
  ];
  return {
    grantFor: (presented) => match(credentials(), presented),
    holds: (grant) => holdsIn(credentials(), grant),
    tenantsOf: (grant) => {
      const ids = tenants().map((tenant) => tenant.id);
      const reach = grant.reach;
      const visible = reach.kind === 'all-tenants' ? ids : reach.kind === 'tenant' ? ids.filter((id) => id === reach.tenant) : [];
      return visible.sort();
    },
  };
}
