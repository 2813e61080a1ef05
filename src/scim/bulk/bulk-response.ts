import type { ScimError } from '../scim-error';
import { URN } from '../scim-urns';

/** One entry of a BulkResponse (RFC 7644 §3.7): `status` is a string there, by the RFC. */
export interface BulkOperationResult {
  location?: string;
  method?: string;
  bulkId?: string;
  version?: string;
  status: string;
  /** The error body of a failed operation (§3.7.3: required for a non-2xx status). */
  response?: ReturnType<ScimError['toJSON']>;
}

/** The RFC 7644 §3.7 BulkResponse message. */
export interface BulkResponse {
  schemas: [typeof URN.bulkResponse];
  Operations: BulkOperationResult[];
}

/** Wraps the operation results in a BulkResponse. */
export function bulkResponse(results: BulkOperationResult[]): BulkResponse {
  return { schemas: [URN.bulkResponse], Operations: results };
}
