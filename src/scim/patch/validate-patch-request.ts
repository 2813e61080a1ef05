import { findKey, isPlainObject } from '../resource/resource-values';
import { ScimError } from '../scim-error';
import { URN } from '../scim-urns';
import { jsonTypeOf } from './coerce-value';
import type { PatchOperation, PatchOpName, PatchOptions } from './patch-types';

const OP_NAMES: readonly PatchOpName[] = ['add', 'replace', 'remove'];

/** The value of `name` in `object`, matching the key case-insensitively (`Operations`/`operations`). */
function member(object: Record<string, unknown>, name: string): { found: boolean; value?: unknown } {
  const key = findKey(object, name);
  return key === undefined ? { found: false } : { found: true, value: object[key] };
}

function checkSchemas(body: Record<string, unknown>, options: PatchOptions): void {
  if (options.requirePatchOpSchema === false) return;
  const schemas = member(body, 'schemas').value;
  const hint = `The PATCH body must have "schemas": ["${URN.patchOp}"] (RFC 7644 §3.5.2)`;
  if (schemas === undefined) throw ScimError.of('invalidSyntax', `${hint}; "schemas" is missing.`);
  if (!Array.isArray(schemas)) throw ScimError.of('invalidSyntax', `${hint}; "schemas" is not an array.`);
  // URNs compare case-insensitively (RFC 8141 §3.1 for the "urn" NID part; clients never vary the rest).
  if (!schemas.some((schema) => typeof schema === 'string' && schema.toLowerCase() === URN.patchOp.toLowerCase())) {
    throw ScimError.of('invalidSyntax', `${hint}; got ${JSON.stringify(schemas)}.`);
  }
}

function readOperation(raw: unknown, index: number): PatchOperation {
  const where = `Operations[${index}]`;
  if (!isPlainObject(raw)) throw ScimError.of('invalidSyntax', `${where} must be an object with "op", "path" and "value"; got ${jsonTypeOf(raw)}.`);
  const op = member(raw, 'op').value;
  const name = typeof op === 'string' ? op.toLowerCase() : undefined;
  if (!OP_NAMES.includes(name as PatchOpName)) {
    throw ScimError.of('invalidSyntax', `${where}.op must be "add", "replace" or "remove" (any letter case); got ${JSON.stringify(op ?? null)}.`);
  }
  const operation: PatchOperation = { index, op: name as PatchOpName, hasValue: false };
  const path = member(raw, 'path').value;
  if (path !== undefined && path !== null && typeof path !== 'string') {
    throw ScimError.of('invalidPath', `${where}.path must be a string; got ${JSON.stringify(path)}.`);
  }
  // A blank path is what some clients send for "no path"; RFC 7644 §3.5.2 makes path optional.
  if (typeof path === 'string' && path.trim() !== '') operation.path = path.trim();
  const value = member(raw, 'value');
  if (value.found && value.value !== undefined) {
    operation.hasValue = true;
    operation.value = value.value;
  }
  if (operation.op !== 'remove' && !operation.hasValue) {
    throw ScimError.of('invalidSyntax', `${where} (${operation.op}) must have a "value" (RFC 7644 §3.5.2.${operation.op === 'add' ? 1 : 3}).`);
  }
  return operation;
}

/**
 * Validates a PatchOp request body (RFC 7644 §3.5.2) and returns its operations, normalised:
 * `op` in any letter case (Entra ID sends `Add`/`Replace`/`Remove`), `Operations` in any letter
 * case (some clients send `operations`), a blank `path` read as no path.
 * @throws ScimError `invalidSyntax` for a malformed envelope or operation, `invalidPath` for a
 *   non-string path.
 */
export function validatePatchRequest(request: unknown, options: PatchOptions = {}): PatchOperation[] {
  if (!isPlainObject(request)) throw ScimError.of('invalidSyntax', 'The PATCH body must be a JSON object with "schemas" and "Operations" (RFC 7644 §3.5.2).');
  checkSchemas(request, options);
  const operations = member(request, 'Operations').value;
  if (!Array.isArray(operations) || operations.length === 0) {
    throw ScimError.of('invalidSyntax', `The PATCH body must have "Operations": a non-empty array of operations (RFC 7644 §3.5.2); got ${Array.isArray(operations) ? 'an empty array' : jsonTypeOf(operations ?? null)}.`);
  }
  return operations.map((raw, index) => readOperation(raw, index));
}
