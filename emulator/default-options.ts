import type { Actor, EmulatorOptions } from './context';

/** The organization users belong to when the emulator runs without `orgIds` (single-tenant mode). */
export const DEFAULT_ORGANIZATION_ID = '5f1e2d3c4b5a697887960a1b';

/**
 * The emulator's defaults. `apiKey` has none on purpose: whoever starts an emulator chooses
 * the key (a test, the CLI), so a forgotten key never becomes a well-known password.
 */
export const DEFAULT_OPTIONS: Omit<EmulatorOptions, 'apiKey'> = {
  orgIds: [],
  defaultUserState: 'ACTIVATED',
  missingKeyAnswer: 'unauthorized',
  duplicateMemberAdd: 'conflict',
  duplicateGroupName: 'conflict',
  nonMemberRemove: 'not-found',
  directoryInsightsEnabled: true,
  usernameMaxLength: 30,
  apiKeyAuthMethod: 'api key',
  apiKeyEventSource: 'scim',
  associationEvent: 'observed',
  arrayItemIds: 'id-and-_id',
  restrictedFieldsCheck: 'spec-enum',
  searchByObjectId: 'matches',
  unconfirmedSort: 'honour',
  v2FilterForm: 'any',
  v2SearchOperator: 'wildcard',
  adminId: '5f1e2d3c4b5a697887960a2c',
  adminEmail: 'admin@example.com',
  consoleAdminId: '5f1e2d3c4b5a697887960a3d',
  consoleAdminEmail: 'console.admin@example.com',
};

/** The organization id printed on every user: the first configured org, else the default one. */
export function organizationOf(options: Pick<EmulatorOptions, 'orgIds'>): string {
  return options.orgIds[0] ?? DEFAULT_ORGANIZATION_ID;
}

/**
 * The actor of an API-key call: DI reports API-key changes as made by the admin who owns the
 * key, with `auth_method` `api key` (real events) or `api-key` (the docs), per the options.
 */
export function apiKeyActor(options: Pick<EmulatorOptions, 'adminId' | 'adminEmail' | 'apiKeyAuthMethod' | 'apiKeyEventSource'>): Actor {
  const initiatedBy: Actor['initiatedBy'] = { type: 'admin', id: options.adminId, email: options.adminEmail };
  if (options.apiKeyEventSource === 'scim') initiatedBy.source = 'scim';
  return { authMethod: options.apiKeyAuthMethod, initiatedBy };
}

/**
 * The actor of a change made by a person in the admin console: DI reports it with
 * `auth_method` `session` (the change feed tells such changes from the bridge's own API-key ones).
 */
export function consoleActor(options: Pick<EmulatorOptions, 'consoleAdminId' | 'consoleAdminEmail'>): Actor {
  return { authMethod: 'session', initiatedBy: { type: 'admin', id: options.consoleAdminId, email: options.consoleAdminEmail } };
}

/** The actor of a change a user makes to their own account (first portal login sets the password). */
export function selfServiceActor(user: Record<string, unknown>): Actor {
  return { authMethod: 'session', initiatedBy: { type: 'user', id: String(user._id), email: String(user.email ?? '') } };
}
