/** The SCIM PATCH engine (RFC 7644 §3.5.2): pure, atomic, driven by schema definitions. */
export { applyPatch } from './apply-patch';
export { validatePatchRequest } from './validate-patch-request';
export { changedAttributes } from './changed-attributes';
export { DEFAULT_MAX_VALUES_PER_ATTRIBUTE } from './value-count-limit';
export type { PatchOperation, PatchOpName, PatchOptions, PatchResult } from './patch-types';
