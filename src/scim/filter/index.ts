/** The SCIM filter and attribute-path language (RFC 7644 §3.4.2.2, §3.5.2, §3.10). */
export type { AttributePath, CompareOperator, FilterNode, FilterValue } from './filter-ast';
export { parseFilter } from './parse-filter';
export { parsePath } from './parse-path';
export { DEFAULT_FILTER_LIMITS, type FilterLimits } from './filter-parser';
export { formatFilter, formatPath } from './format-filter';
export * from './resolve-attribute';
export { compileElementFilter, compileFilter } from './evaluate-filter';
export { isNonEmpty, parseDateTime, toBoolean } from './filter-values';
/** Case-insensitive property read, kept under its former name for callers of this index. */
export { valueAt as getProperty } from '../resource/resource-values';
