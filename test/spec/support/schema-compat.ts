import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveRef, type SchemaNode } from './swagger-loader';

/** Our hand-written JumpCloud schemas. */
export const OUR_SCHEMA_DIR = resolve(__dirname, '..', '..', '..', 'schemas', 'jumpcloud');

/** Reads one of our schemas by file name. */
export function readOurSchema(file: string): SchemaNode {
  return JSON.parse(readFileSync(join(OUR_SCHEMA_DIR, file), 'utf8')) as SchemaNode;
}

/** Rewrites local `#/...` refs as `<file>#/...`, so a node keeps meaning the same after leaving its file. */
function absolutize(node: unknown, file: string): unknown {
  if (Array.isArray(node)) return node.map((item) => absolutize(item, file));
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node as SchemaNode).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' && value.startsWith('#') ? `${file}${value}` : absolutize(value, file)]),
  );
}

/**
 * Requests: everything we may send must be something the spec accepts (ours ⊆ spec).
 * Responses: everything the spec says JumpCloud may answer must be accepted by ours (spec ⊆ ours),
 * and we accept `null` only where the spec (with x-nullable and the real-world nulls) does.
 */
export type Direction = 'request' | 'response';

/** A deliberate difference between one of our schemas and the spec, with the reason. */
export interface DocumentedDeviation {
  file: string;
  /** JSON-pointer-like location inside our schema's instance, e.g. `/id` or `/search_after/items`. */
  at: string;
  kind: 'extra-property' | 'type' | 'required';
  why: string;
}

interface Flat {
  types: Set<string> | undefined;
  properties: Record<string, SchemaNode>;
  /** True when the schema names its properties (closed-world knowledge of field names). */
  hasProperties: boolean;
  required: Set<string>;
  enumValues: unknown[] | undefined;
  items: SchemaNode | undefined;
  additionalProperties: unknown;
  maxLength: number | undefined;
  maximum: number | undefined;
}

type Resolver = (ref: string) => SchemaNode;

function typesOf(node: SchemaNode): string[] | undefined {
  if (typeof node.type === 'string') return [node.type];
  if (Array.isArray(node.type)) return node.type as string[];
  return undefined;
}

/** Flattens $ref / allOf / anyOf / oneOf into one view (types of anyOf/oneOf branches are united). */
function flatten(node: SchemaNode, resolveNode: Resolver): Flat {
  const flat: Flat = { types: undefined, properties: {}, hasProperties: false, required: new Set(), enumValues: undefined, items: undefined, additionalProperties: undefined, maxLength: undefined, maximum: undefined };
  const visit = (current: SchemaNode, branch: boolean): void => {
    if (typeof current.$ref === 'string') return visit(resolveNode(current.$ref), branch);
    const types = typesOf(current);
    if (types) flat.types = branch || !flat.types ? new Set([...(flat.types ?? []), ...types]) : new Set([...flat.types].filter((type) => types.includes(type)));
    if (current.properties) {
      flat.hasProperties = true;
      Object.assign(flat.properties, current.properties as Record<string, SchemaNode>);
    }
    for (const name of (current.required as string[] | undefined) ?? []) if (!branch) flat.required.add(name);
    if (Array.isArray(current.enum)) flat.enumValues = [...(flat.enumValues ?? []), ...current.enum];
    if (current.items && typeof current.items === 'object') flat.items = current.items as SchemaNode;
    if (current.additionalProperties !== undefined) flat.additionalProperties = current.additionalProperties;
    if (typeof current.maxLength === 'number') flat.maxLength = current.maxLength;
    if (typeof current.maximum === 'number') flat.maximum = current.maximum;
    for (const part of (current.allOf as SchemaNode[] | undefined) ?? []) visit(part, branch);
    for (const key of ['anyOf', 'oneOf'] as const) {
      const branches = current[key] as SchemaNode[] | undefined;
      if (!branches) continue;
      const before = flat.types;
      flat.types = undefined;
      for (const part of branches) visit(part, true);
      if (before && flat.types) flat.types = new Set([...flat.types].filter((type) => before.has(type)));
    }
  };
  visit(node, false);
  return flat;
}

/** `integer` is a `number`; a schema without `type` accepts every type. */
function accepts(types: Set<string> | undefined, type: string): boolean {
  return !types || types.has(type) || (type === 'integer' && types.has('number'));
}

/** Compares one of our schemas with a spec schema; answers the differences not documented. */
export function compareSchemas(options: {
  file: string;
  ours: SchemaNode;
  spec: SchemaNode;
  direction: Direction;
  deviations: readonly DocumentedDeviation[];
}): string[] {
  const { file, direction } = options;
  const errors: string[] = [];
  const documented = (at: string, kind: DocumentedDeviation['kind']): boolean =>
    options.deviations.some((deviation) => deviation.file === file && deviation.at === at && deviation.kind === kind);
  const ourResolver: Resolver = (ref) => {
    const [target, pointer] = ref.split('#');
    const root = absolutize(readOurSchema(target as string), target as string) as SchemaNode;
    return (pointer ?? '').split('/').filter(Boolean).reduce<SchemaNode>((node, key) => node[key] as SchemaNode, root);
  };
  const specResolver: Resolver = (ref) => resolveRef(ref);

  const walk = (ours: SchemaNode, spec: SchemaNode, at: string, depth: number): void => {
    if (depth > 12) return;
    const o = flatten(ours, ourResolver);
    const s = flatten(spec, specResolver);
    const where = at || '/';
    if (o.types && !documented(where, 'type')) {
      const ourNonNull = [...o.types].filter((type) => type !== 'null');
      if (direction === 'request') {
        for (const type of o.types) if (!accepts(s.types, type)) errors.push(`${where}: we send ${type}, the spec accepts ${[...(s.types ?? [])].join('|')}`);
      } else {
        for (const type of s.types ?? []) if (!accepts(o.types, type)) errors.push(`${where}: the spec may answer ${type}, we accept only ${[...o.types].join('|')}`);
        if (o.types.has('null') && !accepts(s.types, 'null')) errors.push(`${where}: we accept null, the spec (with x-nullable and real-world nulls) never answers null there`);
        if (ourNonNull.length > 0 && s.types && !ourNonNull.some((type) => accepts(s.types, type))) errors.push(`${where}: no type in common (${ourNonNull.join('|')} vs ${[...s.types].join('|')})`);
      }
    }
    if (o.enumValues && s.enumValues) {
      const [small, large, what] = direction === 'request' ? [o.enumValues, s.enumValues, 'we send'] : [s.enumValues, o.enumValues, 'the spec may answer'];
      for (const value of small) if (value !== null && !large.includes(value)) errors.push(`${where}: ${what} ${JSON.stringify(value)}, outside the other side's enum`);
    }
    if (direction === 'request') {
      if (s.maxLength !== undefined && (o.maxLength === undefined || o.maxLength > s.maxLength) && !o.enumValues) errors.push(`${where}: the spec limits length to ${s.maxLength}, we allow ${o.maxLength ?? 'any'}`);
      if (s.maximum !== undefined && (o.maximum === undefined || o.maximum > s.maximum)) errors.push(`${where}: the spec's maximum is ${s.maximum}, ours ${o.maximum ?? 'none'}`);
      for (const name of s.required) if (!o.required.has(name) && !documented(`${at}/${name}`, 'required')) errors.push(`${where}: the spec requires ${name}, our schema lets it be left out`);
    }
    for (const name of o.required) {
      if (s.hasProperties && !(name in s.properties) && !documented(`${at}/${name}`, 'extra-property')) errors.push(`${where}: we require ${name}, unknown to the spec`);
    }
    for (const [name, child] of Object.entries(o.properties)) {
      const path = `${at}/${name}`;
      const specChild = s.properties[name];
      if (specChild) walk(child, specChild, path, depth + 1);
      else if (s.hasProperties && s.additionalProperties !== true && !documented(path, 'extra-property')) errors.push(`${path}: not a property of the spec definition`);
    }
    if (direction === 'response' && o.additionalProperties === false) {
      for (const name of Object.keys(s.properties)) if (!(name in o.properties)) errors.push(`${where}: we forbid ${name}, which the spec may answer`);
    }
    if (o.items && s.items) walk(o.items, s.items, `${at}/items`, depth + 1);
  };
  walk(absolutize(options.ours, file) as SchemaNode, options.spec, '', 0);
  return errors;
}
