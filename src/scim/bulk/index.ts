/** `/Bulk` (RFC 7644 §3.7): request reading, bulkId references, dependency order, execution, response. */
export { parseBulkRequest, type BulkMethod, type BulkOperation, type BulkRequest } from './bulk-request';
export { MAX_BULK_DATA_DEPTH, nestedDeeperThan } from './bulk-data-depth';
export { bulkIdReferences, pathBulkIdReferences, referencedBulkId, replaceBulkIdReferences, replacePathReferences } from './bulk-references';
export { orderBulkOperations, type BulkPlan } from './bulk-order';
export { bulkResponse, type BulkOperationResult, type BulkResponse } from './bulk-response';
export { runBulk, type BulkExecutor, type ExecutableOperation, type ExecutionOutcome } from './run-bulk';
