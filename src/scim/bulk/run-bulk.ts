import { ScimError } from '../scim-error';
import { orderBulkOperations } from './bulk-order';
import { bulkIdReferences, pathBulkIdReferences, replaceBulkIdReferences, replacePathReferences } from './bulk-references';
import type { BulkMethod, BulkOperation, BulkRequest } from './bulk-request';
import { bulkResponse, type BulkOperationResult, type BulkResponse } from './bulk-response';

/** An operation ready to run: its path parsed and every `bulkId:` reference replaced by an id. */
export interface ExecutableOperation {
  method: BulkMethod;
  /** Resource endpoint as written in the path, without the slash (`Users`). */
  endpoint: string;
  id?: string;
  data?: Record<string, unknown>;
  /** The operation's `version`, an If-Match precondition (RFC 7644 §3.7, §3.14). */
  version?: string;
}

/** What a successful operation produced. */
export interface ExecutionOutcome {
  status: number;
  location?: string;
  version?: string;
  /** The id of a created resource, for later `bulkId:` references. */
  id?: string;
}

export interface BulkExecutor {
  execute(operation: ExecutableOperation): Promise<ExecutionOutcome>;
  /** The resource URL of `endpoint`/`id`, for the `location` of a failed PUT/PATCH/DELETE. */
  locate(endpoint: string, id: string): string | undefined;
  /** A failure that is no ScimError (a bug): reported, then answered as that operation's 500. */
  unexpected?(err: unknown): void;
}

const PATH = /^\/([A-Za-z][A-Za-z0-9]*)(?:\/([^/?#]+))?\/?$/;

/**
 * Runs a BulkRequest (RFC 7644 §3.7): operations in dependency order (see
 * `orderBulkOperations`), `bulkId:` references replaced by the ids created earlier in the same
 * request, and `failOnErrors` honoured: once that many operations have failed, the rest are not
 * attempted and are absent from the response (§3.7.3). Every failure is that operation's own
 * result with its status and error body; none becomes the status of the whole response.
 * Results are listed in request order.
 */
export async function runBulk(request: BulkRequest, executor: BulkExecutor): Promise<BulkResponse> {
  const plan = orderBulkOperations(request.operations);
  const created = new Map<string, string>();
  const defined = new Set(request.operations.filter((op) => op.method === 'POST' && op.bulkId).map((op) => op.bulkId as string));
  const results = new Map<number, BulkOperationResult>();
  let errors = 0;
  for (const index of plan.order) {
    if (request.failOnErrors !== undefined && errors >= request.failOnErrors) break;
    const operation = request.operations[index] as BulkOperation;
    const result = await runOne(operation, plan.cycles.get(index), created, defined, executor).catch((err: unknown) => internalFailure(operation, err, executor));
    if (Number(result.status) >= 400) errors += 1;
    results.set(index, result);
  }
  return bulkResponse([...results.entries()].sort(([a], [b]) => a - b).map(([, result]) => result));
}

async function runOne(operation: BulkOperation, cycle: string[] | undefined, created: Map<string, string>, defined: Set<string>, executor: BulkExecutor): Promise<BulkOperationResult> {
  const echo = { ...(operation.method ? { method: operation.method } : {}), ...(operation.bulkId ? { bulkId: operation.bulkId } : {}) };
  let location: string | undefined;
  const failed = (error: ScimError): BulkOperationResult => ({ ...(location ? { location } : {}), ...echo, status: String(error.status), response: error.toJSON() });
  if (operation.problem) return failed(operation.problem);
  const at = `Operations[${operation.index}]`;
  if (cycle) {
    return failed(ScimError.status(409, `${at} is part of a circular bulkId reference (${cycle.map((id) => `bulkId:${id}`).join(' -> ')}), which this service does not resolve (RFC 7644 §3.7.1); send these operations in separate requests.`));
  }
  const method = operation.method as BulkMethod;
  for (const bulkId of [...pathBulkIdReferences(operation.path), ...bulkIdReferences(operation.data)]) {
    if (created.has(bulkId)) continue;
    const why = defined.has(bulkId) ? 'whose operation failed' : 'which no POST operation of this request defines';
    return failed(ScimError.status(409, `${at} refers to bulkId:${bulkId}, ${why}; nothing was done for this operation.`));
  }
  const resolve = (bulkId: string): string => created.get(bulkId) as string;
  const match = PATH.exec(replacePathReferences(operation.path as string, resolve));
  if (!match) return failed(ScimError.of('invalidValue', `${at}: 'path' must be "/{resource type}" for POST or "/{resource type}/{id}" otherwise; got ${JSON.stringify(operation.path)}.`));
  const [, endpoint = '', encodedId] = match;
  const id = encodedId === undefined ? undefined : decodePathSegment(encodedId);
  if (id === null) {
    return failed(ScimError.of('invalidValue', `${at}: the id in 'path' is not valid percent-encoded UTF-8 (RFC 3986 §2.1, §2.5): each '%' must start an escape of two hex digits, the escapes must spell UTF-8 and no character may be a lone surrogate; got ${JSON.stringify(operation.path)}.`));
  }
  if (id !== undefined) location = executor.locate(endpoint, id);
  if (method === 'POST' && id !== undefined) return failed(ScimError.of('invalidValue', `${at}: a POST goes to the resource type endpoint ("/${endpoint}"), not to a resource.`));
  if (method !== 'POST' && id === undefined) return failed(ScimError.of('invalidValue', `${at}: a ${method} needs the resource in its path ("/${endpoint}/{id}").`));

  try {
    const outcome = await executor.execute({
      method,
      endpoint,
      ...(id !== undefined ? { id } : {}),
      ...(operation.data ? { data: replaceBulkIdReferences(operation.data, resolve) } : {}),
      ...(operation.version ? { version: operation.version } : {}),
    });
    if (method === 'POST' && operation.bulkId && outcome.id) created.set(operation.bulkId, outcome.id);
    location = outcome.location ?? location;
    return { ...(location ? { location } : {}), ...echo, ...(outcome.version ? { version: outcome.version } : {}), status: String(outcome.status) };
  } catch (err) {
    if (err instanceof ScimError) return failed(err);
    executor.unexpected?.(err);
    return failed(ScimError.status(500, `${at} failed inside this service; the other operations are unaffected.`));
  }
}

/**
 * The result of an operation whose handling threw outside its own error handling (a bug): that
 * operation's 500, so that the others keep their own statuses and the client still learns the
 * ids created before it (RFC 7644 §3.7.3); never the whole response's 500.
 */
function internalFailure(operation: BulkOperation, err: unknown, executor: BulkExecutor): BulkOperationResult {
  if (!(err instanceof ScimError)) executor.unexpected?.(err);
  const error = err instanceof ScimError ? err : ScimError.status(500, `Operations[${operation.index}] failed inside this service; the other operations are unaffected.`);
  return { ...(operation.method ? { method: operation.method } : {}), ...(operation.bulkId ? { bulkId: operation.bulkId } : {}), status: String(error.status), response: error.toJSON() };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The decoded path segment, or null when it is no percent-encoded UTF-8 (a lone `%`, `%zz`,
 * escapes that are no UTF-8 such as `%C0%AE`, or a lone surrogate written into the JSON string,
 * which no URL can carry): a client's mistake in one operation, which must become that
 * operation's 400 and never the whole response's 500 (RFC 7644 §3.7.3).
 */
function decodePathSegment(segment: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    return null;
  }
  return LONE_SURROGATE.test(decoded) ? null : decoded;
}
