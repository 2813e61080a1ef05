import type { SystemUser, SystemUserCreate, SystemUserPut } from '../jumpcloud';
import type { FilterNode } from '../scim/filter/filter-ast';
import type { ResourceTypeDefinition, SchemaDefinition } from '../scim/schema/attribute-definition';
import { ScimError } from '../scim/scim-error';
import type { ScimResource } from '../scim/scim-urns';
import { createResourceValidator } from '../scim/validation';
import defaultMapping from './default.mapping.json';
import { EMAIL_REQUIRED_DETAIL, readDesiredUser, sendsAnEmail } from './desired-user';
import { resolveMappingDocument, type ResolvedMapping } from './mapping-document';
import { buildUserSchemas } from './user-schemas';
import { fieldsForProjection, type Projection } from './user-fields';
import { planUserQuery, type UserQueryPlan } from './user-query-plan';
import { toCreateBody, toUpdateBody } from './user-to-jumpcloud';
import { userToScim, type RenderExtras } from './user-to-scim';
import { deriveUsername } from './username-rule';

/** Everything the Users provider needs to speak both vocabularies, built from one mapping document. */
export interface UserMapping {
  /** [core User, enterprise extension, project extension], as `/Schemas` serves them. */
  schemas: SchemaDefinition[];
  /** The User resource type (endpoint `/Users`) with its extensions. */
  resourceType: ResourceTypeDefinition;
  /** The resolved document (username rule, scalars, custom attributes), for logs and diagnostics. */
  resolved: ResolvedMapping;
  /** A JumpCloud user as a SCIM User (no meta.location/version/lastModified: the provider's), a new object on every call (the caller may complete it in place). */
  toScim(user: SystemUser, extras?: RenderExtras): ScimResource;
  /** A POST/PUT body checked against the served schemas (see `validateInbound` in loadUserMapping). */
  validateInbound(body: unknown): ScimResource;
  /** The JumpCloud username for a userName; throws ScimError invalidValue quoting the rule. */
  deriveUsername(userName: string): string;
  toCreateBody(resource: ScimResource): SystemUserCreate;
  toUpdateBody(desired: ScimResource, current: SystemUser): SystemUserPut | undefined;
  planQuery(filter: FilterNode | undefined): UserQueryPlan;
  fieldsFor(projection: Projection): string[] | undefined;
}

/**
 * Builds the user mapping from a mapping document (schemas/mapping.schema.json), the default one
 * (src/mapping/default.mapping.json) when omitted. Throws `MappingDocumentError` naming the bad
 * entry: called at boot, so a broken mapping stops the bridge before it serves anything.
 */
export function loadUserMapping(document: unknown = defaultMapping): UserMapping {
  const resolved = resolveMappingDocument(document);
  const { core, enterprise, custom, resourceType } = buildUserSchemas(resolved);
  const schemas = [core, enterprise, custom];
  const validate = createResourceValidator(resourceType);
  return {
    schemas,
    resourceType,
    resolved,
    toScim: (user, extras) => userToScim(user, resolved, extras),
    /**
     * RFC 7644 §3.3/§3.5.1 bodies: unknown attributes and schema URIs dropped silently, readOnly
     * ones ignored, Entra's "True"/"False" read as booleans; a wrong type of a served attribute is
     * 400 invalidValue naming it; a non-object body 400 invalidSyntax. JumpCloud needs an e-mail
     * on every user: any e-mail will do (desired-user.ts chooses), and only a body without any is
     * 400 invalidValue, saying what to send.
     */
    validateInbound: (body) => {
      if (!sendsAnEmail(body)) throw ScimError.of('invalidValue', EMAIL_REQUIRED_DETAIL);
      const resource = validate(body);
      if (readDesiredUser(resource, resolved).email === '') throw ScimError.of('invalidValue', EMAIL_REQUIRED_DETAIL);
      return resource;
    },
    deriveUsername: (userName) => deriveUsername(userName, resolved.usernameRule),
    toCreateBody: (resource) => toCreateBody(resource, resolved),
    toUpdateBody: (desired, current) => toUpdateBody(desired, current, resolved),
    planQuery: (filter) => planUserQuery(filter, schemas, resolved),
    fieldsFor: (projection) => fieldsForProjection(projection, resourceType, resolved),
  };
}
