import { loadSpec, type SchemaNode } from './swagger-loader';
import { SPEC_FILES, type SpecName } from './spec-location';

/** A query parameter as the spec defines it (Swagger 2.0 parameter object, `$ref`s followed). */
export interface SpecQueryParam {
  name: string;
  type?: string;
  items?: SchemaNode;
  enum?: unknown[];
  maximum?: number;
  minimum?: number;
  /** Swagger's array encoding; Swagger's default for arrays is `csv`. */
  collectionFormat?: 'csv' | 'ssv' | 'tsv' | 'pipes' | 'multi';
  required?: boolean;
  description?: string;
}

/** One operation of a spec, found from a concrete call. */
export interface SpecOperation {
  spec: SpecName;
  method: string;
  /** The spec's path template, e.g. `/systemusers/{id}`. */
  template: string;
  operationId: string;
  /** Every documented 2xx status, and its schema (undefined: no body documented). */
  success: Map<number, SchemaNode | undefined>;
  /** The body parameter's schema, if the operation takes one. */
  bodySchema?: SchemaNode;
  bodyRequired: boolean;
  /** Query parameters by name. */
  query: Record<string, SpecQueryParam>;
}

/** The spec whose basePath is the longest prefix of `fullPath`, and the path below it. */
function splitBase(fullPath: string): { spec: SpecName; path: string } {
  const path = fullPath.split('?')[0] as string;
  let best: { spec: SpecName; path: string; length: number } | undefined;
  for (const spec of Object.keys(SPEC_FILES) as SpecName[]) {
    const base = loadSpec(spec).doc.basePath.replace(/\/+$/, '');
    if ((path === base || path.startsWith(`${base}/`)) && (!best || base.length > best.length)) {
      best = { spec, path: path.slice(base.length) || '/', length: base.length };
    }
  }
  if (!best) throw new Error(`no JumpCloud spec has a basePath for ${fullPath}`);
  return best;
}

/** Matches a concrete path against the templates; the most literal match wins (`/a/b` over `/a/{id}`). */
function matchTemplate(templates: string[], path: string): string | undefined {
  const segments = path.split('/');
  let best: { template: string; literals: number } | undefined;
  for (const template of templates) {
    const parts = template.split('/');
    if (parts.length !== segments.length) continue;
    let literals = 0;
    const ok = parts.every((part, index) => {
      if (/^\{[^}]+\}$/.test(part)) return (segments[index] ?? '') !== '';
      literals += 1;
      return part === segments[index];
    });
    if (ok && (!best || literals > best.literals)) best = { template, literals };
  }
  return best?.template;
}

function resolveParameter(spec: SpecName, parameter: SchemaNode): SchemaNode {
  const ref = parameter.$ref;
  if (typeof ref !== 'string') return parameter;
  const match = /^#\/parameters\/(.+)$/.exec(ref);
  const resolved = match ? loadSpec(spec).doc.parameters?.[match[1] as string] : undefined;
  if (!resolved) throw new Error(`dangling parameter $ref ${ref} in the ${spec} spec`);
  return resolved;
}

/**
 * Finds the spec operation for a concrete call, e.g. `findOperation('GET', '/api/systemusers/5f…')`:
 * picks the spec by basePath, matches the path template, and gathers its 2xx responses, body
 * schema and query parameters (path-level parameters included). Throws when the spec has no such
 * operation: a route we serve or call that JumpCloud does not document is itself a finding.
 */
export function findOperation(method: string, fullPath: string): SpecOperation {
  const { spec, path } = splitBase(fullPath);
  const { doc } = loadSpec(spec);
  const template = matchTemplate(Object.keys(doc.paths), path);
  const item = template ? doc.paths[template] : undefined;
  const operation = item?.[method.toLowerCase()] as SchemaNode | undefined;
  if (!template || !item || !operation) throw new Error(`the ${spec} spec documents no ${method} ${path} (from ${fullPath})`);

  const parameters = [...((item.parameters as SchemaNode[] | undefined) ?? []), ...((operation.parameters as SchemaNode[] | undefined) ?? [])].map(
    (parameter) => resolveParameter(spec, parameter),
  );
  const body = parameters.find((parameter) => parameter.in === 'body');
  const query: Record<string, SpecQueryParam> = {};
  for (const parameter of parameters.filter((candidate) => candidate.in === 'query')) {
    query[parameter.name as string] = parameter as unknown as SpecQueryParam;
  }
  const success = new Map<number, SchemaNode | undefined>();
  for (const [status, response] of Object.entries((operation.responses as Record<string, SchemaNode>) ?? {})) {
    if (/^2\d\d$/.test(status)) success.set(Number(status), response.schema as SchemaNode | undefined);
  }
  return {
    spec,
    method: method.toUpperCase(),
    template,
    operationId: String(operation.operationId),
    success,
    bodySchema: body?.schema as SchemaNode | undefined,
    bodyRequired: body?.required === true,
    query,
  };
}
