import { findKey, isPlainObject, isUnassigned, jsonEqual, valueAt } from '../resource/resource-values';
import type { SchemaDefinition } from '../schema/attribute-definition';
import { findExtension } from '../schema/resolve-attribute-path';
import { ScimError } from '../scim-error';
import type { ScimResource } from '../scim-urns';
import { applyToAttribute, type AttributeWrite, type PatchContext } from './apply-to-attribute';
import { changedAttributes } from './changed-attributes';
import { jsonTypeOf } from './coerce-value';
import { resolvePatchTarget, type PatchTarget } from './patch-target';
import type { PatchOperation, PatchOptions, PatchResult } from './patch-types';
import { validatePatchRequest } from './validate-patch-request';

/** Resolves a key of a path-less value; a key that is not even a valid path names nothing served. */
function resolveKey(key: string, schemas: SchemaDefinition[]): PatchTarget {
  try {
    return resolvePatchTarget(key, schemas);
  } catch (error) {
    // Junk keys ("@odata.type", "name " ...) in a path-less value cannot name a served attribute,
    // and attributes the bridge does not serve are ignored (as for POST/PUT bodies).
    if (error instanceof ScimError && error.scimType === 'invalidPath') return { kind: 'unknown', detail: error.message };
    throw error;
  }
}

/** Add or replace the attributes of an object value: a path-less value, or an extension object. */
function applyObject(resource: ScimResource, write: Omit<AttributeWrite, 'lenient' | 'pathText'>, value: unknown, prefix: string, context: PatchContext, where: string): void {
  if (!isPlainObject(value)) {
    throw ScimError.of('invalidSyntax', `${where} must be a JSON object of attributes (RFC 7644 §3.5.2.1, §3.5.2.3); got ${jsonTypeOf(value)}.`);
  }
  for (const [key, item] of Object.entries(value)) {
    const extension = prefix === '' ? findExtension(context.schemas, key) : undefined;
    if (extension) {
      // An extension keyed by its URN: its attributes, URN-prefixed (RFC 7643 §3.3).
      applyObject(resource, write, item, `${extension.id}:`, context, `the value of "${key}"`);
      continue;
    }
    const target = resolveKey(`${prefix}${key}`, context.schemas);
    if (target.kind === 'attribute') applyToAttribute(resource, target, { ...write, value: item, lenient: true, pathText: key }, context);
    else if (target.kind === 'extension') applyObject(resource, write, item, `${target.schema.id}:`, context, `the value of "${key}"`);
  }
}

/** Removes a whole extension object (path = the extension URN). */
function removeExtension(resource: ScimResource, urn: string, context: PatchContext): void {
  const schema = findExtension(context.schemas, urn);
  const key = findKey(resource, urn);
  if (!schema || key === undefined) return;
  const holder = resource[key];
  const required = isPlainObject(holder) ? schema.attributes.find((attribute) => attribute.required && !isUnassigned(valueAt(holder, attribute.name))) : undefined;
  if (required) throw ScimError.of('mutability', `"${schema.id}:${required.name}" is required and cannot be removed (RFC 7644 §3.5.2.2).`);
  delete resource[key];
  context.touchedExtensions.add(schema.id);
}

function applyOperation(resource: ScimResource, operation: PatchOperation, context: PatchContext): void {
  const { op, path, value } = operation;
  if (path === undefined) {
    if (op === 'remove') throw ScimError.of('noTarget', 'remove needs a "path" naming what to remove (RFC 7644 §3.5.2.2).');
    applyObject(resource, { op, value }, value, '', context, 'a "value" without "path"');
    return;
  }
  const target = resolvePatchTarget(path, context.schemas);
  if (target.kind === 'unknown') {
    if (context.options.unknownPathAttributes === 'reject') throw ScimError.of('invalidPath', target.detail);
    return;
  }
  if (target.kind === 'extension') {
    if (op === 'remove') removeExtension(resource, target.schema.id, context);
    else applyObject(resource, { op, value }, value, `${target.schema.id}:`, context, `the value of "${path}"`);
    return;
  }
  applyToAttribute(resource, target, { op, value, lenient: false, pathText: path }, context);
}

/** Keeps `schemas` listing exactly the extensions the operations left with content (RFC 7643 §3). */
function settleSchemas(resource: ScimResource, context: PatchContext): void {
  for (const urn of context.touchedExtensions) {
    const key = findKey(resource, urn);
    const holder = key === undefined ? undefined : resource[key];
    const listed = resource.schemas.findIndex((schema) => schema.toLowerCase() === urn.toLowerCase());
    if (key !== undefined && isUnassigned(holder)) delete resource[key];
    const present = key !== undefined && !isUnassigned(holder);
    if (present && listed < 0) resource.schemas.push(urn);
    if (!present && listed >= 0) resource.schemas.splice(listed, 1);
  }
}

/**
 * Applies a SCIM PATCH request (RFC 7644 §3.5.2) to a resource, atomically: every operation runs
 * on a deep copy, the first failure throws and the input is never mutated, so the caller writes
 * the result to the backend once, or not at all.
 *
 * Dialects accepted: `op` in any letter case and `operations` for `Operations` (Entra ID and
 * others); path-less values with plain, dotted (`name.givenName`), URN-prefixed and value-filter
 * keys, or extension objects keyed by URN (Entra ID with aadOptscim062020, Okta, SailPoint's
 * path-less `add` of `active`); `"True"`/`"False"` and digit strings for booleans and numbers;
 * `manager` as a bare string; Entra ID's `remove members` with a `value` list, which removes
 * those members only. Junk in path-less values (`id`, `meta`, `schemas`, a scalar `name`,
 * attributes not served) is skipped; the same mistakes under an explicit `path` are errors.
 *
 * @param schemas the resource type's core schema first, then its extension schemas.
 * @returns the patched copy, whether it differs, and which attributes changed.
 * @throws ScimError (400) with the scimType of RFC 7644 §3.12 and a detail naming the operation
 *   (`Operations[2] (replace active): ...`).
 */
export function applyPatch(resource: ScimResource, request: unknown, schemas: SchemaDefinition[], options: PatchOptions = {}): PatchResult {
  const operations = validatePatchRequest(request, options);
  const working = structuredClone(resource);
  if (!Array.isArray(working.schemas)) working.schemas = [];
  const context: PatchContext = { schemas, options, touchedExtensions: new Set() };
  for (const operation of operations) {
    try {
      // The request's values are copied too, so the result never aliases the request body.
      applyOperation(working, { ...operation, value: structuredClone(operation.value) }, context);
    } catch (error) {
      if (error instanceof ScimError && error.scimType) {
        const label = operation.path === undefined ? operation.op : `${operation.op} ${operation.path}`;
        throw ScimError.of(error.scimType, `Operations[${operation.index}] (${label}): ${error.message}`);
      }
      throw error;
    }
  }
  settleSchemas(working, context);
  const changed = !jsonEqual(resource, working);
  return { resource: working, changed, changedAttributes: changed ? changedAttributes(resource, working, schemas) : [] };
}
