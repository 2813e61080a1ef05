import { ScimError } from '../scim-error';
import { URN } from '../scim-urns';
import { MAX_BULK_DATA_DEPTH, nestedDeeperThan } from './bulk-data-depth';

/** The methods a Bulk operation may carry (RFC 7644 §3.7). */
export type BulkMethod = 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const METHODS: readonly BulkMethod[] = ['POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * One operation of a BulkRequest, as read. `problem` is set when the operation itself is
 * malformed: it then fails alone (RFC 7644 §3.7.3) while the others still run.
 */
export interface BulkOperation {
  /** 0-based position in the request. */
  index: number;
  method?: BulkMethod;
  bulkId?: string;
  version?: string;
  path?: string;
  data?: Record<string, unknown>;
  problem?: ScimError;
}

/** A BulkRequest (RFC 7644 §3.7) whose envelope is valid. */
export interface BulkRequest {
  /** Errors accepted before the rest is abandoned; absent = no limit. */
  failOnErrors?: number;
  operations: BulkOperation[];
}

/**
 * Reads a BulkRequest body (RFC 7644 §3.7). The envelope must be right or nothing runs:
 * a body that is not an object, `schemas` without the BulkRequest URN (it may be omitted),
 * `Operations` that is not an array, a `failOnErrors` that is not an integer >= 1, or a
 * `bulkId` used twice are 400s; more operations than `maxOperations` is the 413 of §3.7.4.
 * A malformed operation only marks that operation (`problem`), per §3.7.3; so does `data`
 * nested deeper than `MAX_BULK_DATA_DEPTH`, which is never walked.
 *
 * @throws ScimError 400 `invalidSyntax`/`invalidValue`, or 413, each naming the member at fault.
 */
export function parseBulkRequest(body: unknown, limits: { maxOperations: number }): BulkRequest {
  if (!isObject(body)) throw ScimError.of('invalidSyntax', 'The /Bulk request body must be a JSON object, a BulkRequest (RFC 7644 §3.7).');
  const schemas = member(body, 'schemas');
  if (schemas !== undefined && !(Array.isArray(schemas) && schemas.some((s) => typeof s === 'string' && s.toLowerCase() === URN.bulkRequest.toLowerCase()))) {
    throw ScimError.of('invalidSyntax', `The BulkRequest 'schemas' must be an array listing "${URN.bulkRequest}"; got ${JSON.stringify(schemas)}.`);
  }
  const operations = member(body, 'Operations');
  if (!Array.isArray(operations)) throw ScimError.of('invalidSyntax', "The BulkRequest needs 'Operations', an array of operations (RFC 7644 §3.7).");
  if (operations.length > limits.maxOperations) {
    throw ScimError.status(413, `The Bulk request carries ${operations.length} operations; this service accepts at most ${limits.maxOperations} per request (bulk.maxOperations in /ServiceProviderConfig).`);
  }
  const failOnErrors = member(body, 'failOnErrors');
  if (failOnErrors !== undefined && failOnErrors !== null && !(Number.isSafeInteger(failOnErrors) && (failOnErrors as number) >= 1)) {
    throw ScimError.of('invalidValue', `The BulkRequest 'failOnErrors' must be an integer >= 1 (the number of errors accepted before the rest is abandoned); got ${JSON.stringify(failOnErrors)}.`);
  }
  const parsed = operations.map((operation, index) => readOperation(operation, index));
  requireUniqueBulkIds(parsed);
  return { ...(typeof failOnErrors === 'number' ? { failOnErrors } : {}), operations: parsed };
}

function readOperation(raw: unknown, index: number): BulkOperation {
  const at = `Operations[${index}]`;
  if (!isObject(raw)) return { index, problem: ScimError.of('invalidSyntax', `${at} must be an object with method, path and (except for DELETE) data.`) };
  const operation: BulkOperation = { index };
  const bulkId = member(raw, 'bulkId');
  if (typeof bulkId === 'string' && bulkId !== '') operation.bulkId = bulkId;
  const method = member(raw, 'method');
  const upper = typeof method === 'string' ? method.toUpperCase() : undefined;
  if (upper && (METHODS as readonly string[]).includes(upper)) operation.method = upper as BulkMethod;
  const fail = (scimType: 'invalidSyntax' | 'invalidValue', detail: string): BulkOperation => ({ ...operation, problem: ScimError.of(scimType, `${at}: ${detail}`) });

  if (bulkId !== undefined && bulkId !== null && (typeof bulkId !== 'string' || bulkId === '')) return fail('invalidValue', `'bulkId' must be a non-empty string; got ${JSON.stringify(bulkId)}.`);
  if (!operation.method) return fail('invalidValue', `'method' must be one of ${METHODS.join(', ')}; got ${JSON.stringify(method ?? null)}.`);
  const path = member(raw, 'path');
  if (typeof path !== 'string' || !path.startsWith('/')) return fail('invalidSyntax', `'path' must be a resource path such as "/Users" or "/Users/{id}"; got ${JSON.stringify(path ?? null)}.`);
  operation.path = path;
  const version = member(raw, 'version');
  if (typeof version === 'string' && version !== '') operation.version = version;
  if (operation.method === 'POST' && !operation.bulkId) return fail('invalidSyntax', "a POST operation needs a 'bulkId' (RFC 7644 §3.7), so that its result and references to it can be matched.");
  if (operation.method !== 'DELETE') {
    const data = member(raw, 'data');
    if (!isObject(data)) return fail('invalidSyntax', `a ${operation.method} operation needs 'data', the resource or PatchOp body as a JSON object.`);
    if (nestedDeeperThan(data, MAX_BULK_DATA_DEPTH)) {
      return fail('invalidValue', `'data' is nested deeper than ${MAX_BULK_DATA_DEPTH} levels of objects and arrays, more than any SCIM resource or PatchOp needs; flatten it.`);
    }
    operation.data = data;
  }
  return operation;
}

function requireUniqueBulkIds(operations: BulkOperation[]): void {
  const first = new Map<string, number>();
  for (const operation of operations) {
    if (!operation.bulkId) continue;
    const earlier = first.get(operation.bulkId);
    if (earlier !== undefined) {
      throw ScimError.of('invalidValue', `The bulkId "${operation.bulkId}" is used by Operations[${earlier}] and Operations[${operation.index}]; each bulkId must be unique within a request (RFC 7644 §3.7).`);
    }
    first.set(operation.bulkId, operation.index);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A member read in any letter case, as SCIM attribute names are (RFC 7643 §2.1). */
function member(object: Record<string, unknown>, name: string): unknown {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(object)) if (key.toLowerCase() === lower) return value;
  return undefined;
}
