import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { AttributeDefinition, ResourceTypeDefinition } from '../schema/attribute-definition';
import { ScimError } from '../scim-error';
import type { ScimResource } from '../scim-urns';
import { normalizeResource } from './normalize-resource';
import { resourceJsonSchema } from './resource-json-schema';

/** Checks a client's resource body and answers it in canonical form, or throws a `ScimError`. */
export type ResourceValidator = (body: unknown) => ScimResource;

/**
 * Compiles a validator for POST/PUT bodies of `resourceType` (RFC 7644 §3.3, §3.5.1): the body is
 * normalised (see `normalizeResource`), then checked with ajv against `resourceJsonSchema`.
 * - a body that is not a JSON object: 400 `invalidSyntax`;
 * - a served attribute with a value of the wrong type, a missing required attribute, or two
 *   values marked primary (RFC 7643 §2.4): 400 `invalidValue` whose detail names the attribute
 *   as the client wrote it in SCIM notation (`emails[1].value`, `urn:...:User:manager.value`).
 * The answer's `schemas` lists the core schema and the served extensions present in the body.
 */
export function createResourceValidator(resourceType: ResourceTypeDefinition): ResourceValidator {
  const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  const validate = ajv.compile(resourceJsonSchema(resourceType));
  const extensionIds = resourceType.extensions.map((extension) => extension.schema.id);
  return (body) => {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw ScimError.of('invalidSyntax', 'The request body must be a JSON object holding a SCIM resource.');
    }
    const normalized = normalizeResource(body as Record<string, unknown>, resourceType);
    if (!validate(normalized)) throw ScimError.of('invalidValue', describeError(validate.errors?.[0], resourceType));
    checkPrimaries(normalized, resourceType);
    const schemas = [resourceType.schema.id, ...extensionIds.filter((id) => normalized[id] !== undefined)];
    return { ...normalized, schemas } as ScimResource;
  };
}

function checkPrimaries(resource: Record<string, unknown>, resourceType: ResourceTypeDefinition): void {
  const scopes: { prefix: string; values: Record<string, unknown>; attributes: AttributeDefinition[] }[] = [
    { prefix: '', values: resource, attributes: resourceType.schema.attributes },
    ...resourceType.extensions.map((extension) => ({
      prefix: `${extension.schema.id}:`,
      values: (resource[extension.schema.id] ?? {}) as Record<string, unknown>,
      attributes: extension.schema.attributes,
    })),
  ];
  for (const scope of scopes) {
    for (const attribute of scope.attributes) {
      const values = scope.values[attribute.name];
      if (!attribute.multiValued || !Array.isArray(values)) continue;
      const primaries = values.filter((item) => typeof item === 'object' && item !== null && (item as Record<string, unknown>).primary === true);
      if (primaries.length > 1) {
        throw ScimError.of('invalidValue', `Attribute "${scope.prefix}${attribute.name}" has more than one value with "primary": true; at most one is allowed (RFC 7643 §2.4).`);
      }
    }
  }
}

/** `/emails/0/value` -> `emails[0].value`; `/urn:...:User/manager/value` -> `urn:...:User:manager.value`. */
function scimPath(instancePath: string, extensionIds: string[]): string {
  const segments = instancePath.split('/').slice(1).map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  for (const segment of segments) {
    if (/^\d+$/.test(segment)) out += `[${segment}]`;
    else if (out === '') out = segment;
    else if (extensionIds.includes(out)) out += `:${segment}`;
    else out += `.${segment}`;
  }
  return out;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a string',
  boolean: 'a boolean (true or false)',
  integer: 'an integer',
  number: 'a number',
  object: 'a JSON object',
  array: 'an array',
};

function describeError(error: ErrorObject | undefined, resourceType: ResourceTypeDefinition): string {
  const extensionIds = resourceType.extensions.map((extension) => extension.schema.id);
  if (!error) return 'The resource does not conform to its schema.';
  const at = scimPath(error.instancePath, extensionIds);
  switch (error.keyword) {
    case 'required': {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      const full = at === '' ? missing : extensionIds.includes(at) ? `${at}:${missing}` : `${at}.${missing}`;
      return `Attribute "${full}" is required.`;
    }
    case 'type': {
      const type = String((error.params as { type: string | string[] }).type);
      return `Attribute "${at}" must be ${TYPE_WORDS[type] ?? type}.`;
    }
    case 'minLength':
      return `Attribute "${at}" must not be empty.`;
    case 'format':
      return `Attribute "${at}" must be a date and time in xsd:dateTime form, e.g. 2024-01-31T12:00:00Z (RFC 7643 §2.3.5).`;
    default:
      return `Attribute "${at}" has a value that does not conform to its schema.`;
  }
}
