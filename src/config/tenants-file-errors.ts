import type { ErrorObject } from 'ajv';
import { TENANT_ID_RULE } from './tenant-id';

/** What a secret reference must look like, said wherever a secret was given some other way. */
export const SECRET_REF_RULE = 'must be {"env": "VARIABLE"} or {"file": "/path/to/file"}: a secret is never written in the tenants file';

/** Fields whose value is no secret and helps to see the mistake; every other value is never echoed. */
const SHOWN_FIELDS = new Set(['id', 'jumpcloud.orgId', 'jumpcloud.region', 'leaverPolicy', 'changefeedMode']);

/** Rules in words for the pattern of each field, instead of the regular expression. */
const PATTERN_RULES: Record<string, string> = {
  id: `must be ${TENANT_ID_RULE}`,
  'jumpcloud.orgId': 'must be the 24 hexadecimal characters of the JumpCloud organisation id',
  'jumpcloud.baseUrl': 'must start with http:// or https://',
  'scim.basic.username': 'must not contain ":"',
  clientId: 'must be 1-128 letters, digits or . _ ~ -',
  env: 'must name an environment variable (letters, digits and _, not starting with a digit)',
};

/**
 * The label of tenant `index` in every message: `tenants[<index>] "<id>"`, or `(no id)` when the
 * entry has none (ids are not secrets).
 */
export function tenantLabel(index: number, id: unknown): string {
  return `tenants[${index}] ${typeof id === 'string' && id !== '' ? JSON.stringify(id.slice(0, 64)) : '(no id)'}`;
}

/** `["scim", "bearerTokens", "0", "env"]` -> `scim.bearerTokens[0].env`. */
export function fieldPath(segments: readonly string[]): string {
  return segments.reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path === '' ? segment : `${path}.${segment}`), '');
}

/** The instance path of an error as segments, with the property a `required` or `additionalProperties` error is about. */
function segmentsOf(error: ErrorObject): string[] {
  const segments = error.instancePath.split('/').slice(1).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required') segments.push(String(error.params.missingProperty));
  if (error.keyword === 'additionalProperties' && !isSecretRefError(error)) segments.push(String(error.params.additionalProperty).slice(0, 64));
  return segments;
}

function isSecretRefError(error: ErrorObject): boolean {
  return error.schemaPath.startsWith('#/definitions/secretRef/');
}

/** What to fix for one schema error at `field` (a dotted path inside the tenant, or the file's top level). */
function ruleOf(error: ErrorObject, field: string): string {
  const last = field.split(/[.[]/).at(-1) ?? '';
  if (isSecretRefError(error)) {
    if (error.keyword === 'minProperties' || error.keyword === 'maxProperties') return 'give exactly one of env or file';
    if (error.keyword === 'pattern') return PATTERN_RULES.env ?? '';
    if (error.keyword === 'minLength') return 'file must not be empty';
    return SECRET_REF_RULE;
  }
  const shown = SHOWN_FIELDS.has(field) && (error.keyword === 'enum' || error.keyword === 'pattern' || error.keyword === 'type') ? `; got ${JSON.stringify(error.data).slice(0, 80)}` : '';
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties': {
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {}).filter((name) => name !== '$schema');
      return `unknown property (allowed here: ${allowed.join(', ')})`;
    }
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).join(', ')}${shown}`;
    case 'pattern':
      return `${PATTERN_RULES[field] ?? PATTERN_RULES[last] ?? 'has the wrong form'}${shown}`;
    case 'format':
      return 'must be an absolute URL';
    case 'anyOf':
      return field === 'jumpcloud' ? 'give region (us or eu) or baseUrl' : 'is invalid';
    case 'minProperties':
      return field === 'scim' ? 'give at least one credential: bearerTokens, basic or oauthClients' : 'must not be empty';
    case 'minItems':
      return field === 'tenants' ? 'must list at least one tenant' : 'must not be empty (leave it out instead)';
    case 'minLength':
      return 'must not be empty';
    case 'type':
      if (last === 'bearerTokens') return `must be a list of references, each ${SECRET_REF_RULE}`;
      // YAML reads an unquoted id of digits (or digits, e, digits) as a number.
      if (field === 'jumpcloud.orgId') return `must be a string (in YAML, quote it: "…")${shown}`;
      return `must be ${error.params.type === 'array' ? 'a list' : error.params.type === 'object' ? 'an object' : `a ${String(error.params.type)}`}${shown}`;
    default:
      return error.message ?? 'is invalid';
  }
}

/**
 * The schema errors of a tenants document as messages: `tenants[<index>] "<id>": <field path>:
 * <what to fix>` inside a tenant, `<field>: <what to fix>` at the top. Errors of the branches of an
 * anyOf are left out (the anyOf's own message says what to do), repeats are merged, and no value
 * is quoted unless its field is known to hold no secret.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[], document: unknown): string[] {
  const tenants = (document as { tenants?: unknown } | null)?.tenants;
  const messages = new Set<string>();
  for (const error of errors) {
    if (error.schemaPath.includes('/anyOf/')) continue;
    const segments = segmentsOf(error);
    if (segments[0] === 'tenants' && segments.length >= 2 && /^\d+$/.test(segments[1] ?? '')) {
      const index = Number(segments[1]);
      const id = Array.isArray(tenants) ? (tenants[index] as { id?: unknown } | null)?.id : undefined;
      const field = fieldPath(segments.slice(2));
      messages.add(`${tenantLabel(index, id)}: ${field === '' ? '(the entry)' : field}: ${ruleOf(error, field)}`);
    } else {
      const field = fieldPath(segments);
      messages.add(`${field === '' ? '(the file)' : field}: ${field === '' && error.keyword === 'type' ? 'must be an object {"tenants": [...]}' : ruleOf(error, field)}`);
    }
  }
  return [...messages];
}
