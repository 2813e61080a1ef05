import { parseBulkRequest, runBulk, type BulkExecutor, type BulkResponse, type ExecutableOperation, type ExecutionOutcome } from '../scim/bulk';
import { ScimError } from '../scim/scim-error';
import type { ScimResource } from '../scim/scim-urns';
import type { Preconditions, RequestScope } from './provider-types';

/** What a written resource answers with: the resource (for its id and location) and its ETag. */
interface WrittenResource {
  resource: ScimResource;
  etag: string;
}

/**
 * The writes of one resource type, as its provider offers them (UsersProvider, GroupsProvider):
 * a Bulk operation is the same use case as the single request it stands for.
 */
export interface BulkTarget {
  create(body: unknown, scope: RequestScope): Promise<WrittenResource>;
  replace(id: string, body: unknown, scope: RequestScope, preconditions?: Preconditions): Promise<WrittenResource>;
  /** Undefined when the provider answers a PATCH with 204 (no body). */
  patch(id: string, body: unknown, scope: RequestScope, preconditions?: Preconditions): Promise<WrittenResource | undefined>;
  /** What a delete did (the Users leaver outcome) is not part of the Bulk answer. */
  delete(id: string, scope: RequestScope, preconditions?: Preconditions): Promise<unknown>;
}

export interface BulkProviderDeps {
  /** Providers by resource endpoint name as served (`Users`, `Groups`). */
  targets: Record<string, BulkTarget>;
  limits: { maxOperations: number };
  /** Told about a failure that is no ScimError (a bug); that operation is answered 500. */
  onUnexpectedError?: (err: unknown) => void;
}

/**
 * POST /Bulk (RFC 7644 §3.7): reads the request, runs each operation through the provider of
 * its resource type in bulkId dependency order, and answers one result per operation attempted.
 * A failing operation is that operation's result (with its error body), never the status of the
 * whole response; only an invalid envelope or too many operations fails the request itself.
 */
export class BulkProvider {
  constructor(private readonly deps: BulkProviderDeps) {}

  /** Runs a BulkRequest body; see `parseBulkRequest` and `runBulk` for the rules. */
  async process(body: unknown, scope: RequestScope): Promise<BulkResponse> {
    const request = parseBulkRequest(body, this.deps.limits);
    return runBulk(request, this.executor(scope));
  }

  private executor(scope: RequestScope): BulkExecutor {
    return {
      execute: (operation) => this.execute(operation, scope),
      locate: (endpoint, id) => {
        const found = this.find(endpoint);
        return found ? `${scope.scimBaseUrl}/${found.name}/${encodeURIComponent(id)}` : undefined;
      },
      unexpected: this.deps.onUnexpectedError,
    };
  }

  private async execute(operation: ExecutableOperation, scope: RequestScope): Promise<ExecutionOutcome> {
    const found = this.find(operation.endpoint);
    if (!found) {
      const served = Object.keys(this.deps.targets).map((name) => `/${name}`).join(', ');
      throw ScimError.status(404, `There is no resource type endpoint /${operation.endpoint}; this service serves ${served}.`);
    }
    const { target } = found;
    const preconditions: Preconditions = operation.version ? { ifMatch: operation.version } : {};
    const id = operation.id as string;
    switch (operation.method) {
      case 'POST':
        return written(201, await target.create(operation.data, scope));
      case 'PUT':
        return written(200, await target.replace(id, operation.data, scope, preconditions));
      case 'PATCH': {
        const answer = await target.patch(id, operation.data, scope, preconditions);
        return answer ? written(200, answer) : { status: 204 };
      }
      case 'DELETE':
        await target.delete(id, scope, preconditions);
        return { status: 204 };
    }
  }

  /** Resource endpoints match in any letter case, as clients are not consistent about them. */
  private find(endpoint: string): { name: string; target: BulkTarget } | undefined {
    const entry = Object.entries(this.deps.targets).find(([name]) => name.toLowerCase() === endpoint.toLowerCase());
    return entry ? { name: entry[0], target: entry[1] } : undefined;
  }
}

function written(status: number, answer: WrittenResource): ExecutionOutcome {
  const location = answer.resource.meta?.location;
  return { status, version: answer.etag, ...(typeof location === 'string' ? { location } : {}), ...(answer.resource.id ? { id: answer.resource.id } : {}) };
}
