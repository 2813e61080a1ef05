// The jumpcloud layer's public surface: other layers import from here, not from its files.
export { JumpCloudClient, DEFAULT_CONCURRENCY, DEFAULT_TIMEOUT_MS, type JumpCloudClientOptions } from './jumpcloud-client';
export { JumpCloudError, type JumpCloudErrorKind, type JumpCloudErrorInit } from './jumpcloud-error';
export { ConcurrencyLimit } from './concurrency-limit';
export { resolveEndpoints, JUMPCLOUD_REGIONS, type JumpCloudRegion, type JumpCloudEndpoints } from './regions';
export { DEFAULT_RETRY_POLICY, makeRetryPolicy, type RetryPolicy, type RetryRuntime, type RetryMode } from './retry-policy';
export { v1Filter, v2Filter, isFilterValueSafe, type V1FilterOp, type V2FilterOp } from './filters';
export { MAX_PAGE_SIZE, type PageOptions } from './paging';
export { jumpcloudSchemas, jumpcloudValidators, type JumpCloudSchemaName } from './jumpcloud-schemas';
export type { CallEvent, JumpCloudLogger, RetryWaitEvent } from './transport';
export type { UserListOptions, UserDeleteOptions } from './users-api';
export type { GroupListOptions, MemberAddOutcome } from './groups-api';
export { GroupSearchCase } from './group-search-case';
export * from './types';
export { dryRunClient, isDryRunCall, type DryRunCallEvent, type DryRunOptions } from './dry-run-client';
