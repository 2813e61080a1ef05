import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REAL_WORLD_NULLS } from './real-world-nulls';
import { SPEC_FILES, specDir, type SpecName } from './spec-location';

/** A JSON Schema (or Swagger schema) node, loosely typed. */
export type SchemaNode = Record<string, unknown>;

/** The parts of a Swagger 2.0 document the suite reads. */
export interface SwaggerDoc {
  swagger: string;
  basePath: string;
  paths: Record<string, Record<string, unknown>>;
  parameters?: Record<string, SchemaNode>;
  definitions: Record<string, SchemaNode>;
}

/** A loaded, JSON-Schema-ready spec: `$ref`s are absolute (`<id>#/definitions/X`). */
export interface LoadedSpec {
  name: SpecName;
  /** The `$id` under which its definitions are registered with ajv. */
  id: string;
  doc: SwaggerDoc;
}

/** The `$id` of a spec's definitions inside ajv. */
export function specId(name: SpecName): string {
  return `https://jumpcloud-spec.invalid/${name}.json`;
}

/** Adds `null` to what a schema accepts, keeping everything else it says. */
export function makeNullable(schema: SchemaNode): SchemaNode {
  if (typeof schema.$ref === 'string') {
    // Siblings of $ref are ignored in draft-07, so the ref moves into an anyOf branch.
    return { anyOf: [{ $ref: schema.$ref }, { type: 'null' }] };
  }
  const out: SchemaNode = { ...schema };
  if (typeof out.type === 'string') out.type = out.type === 'null' ? 'null' : [out.type, 'null'];
  else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
  else if (out.type === undefined && (out.allOf || out.anyOf || out.oneOf)) return { anyOf: [out, { type: 'null' }] };
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

/** Keywords whose value maps names to schemas: the names are data, never keywords. */
const NAME_MAPS = new Set(['properties', 'patternProperties', 'definitions', 'parameters', 'responses', 'paths']);
/** Keywords whose value is instance data (or prose): copied untouched. */
const DATA_KEYS = new Set(['example', 'x-examples', 'default', 'enum', 'x-codeSamples', 'description']);

/**
 * Rewrites one Swagger node into JSON Schema that ajv (non-strict) reads as Swagger means it:
 * local `#/definitions/X` refs become absolute, `x-nullable: true` becomes a nullable type,
 * `type: file` (upload parameters) accepts anything, and a boolean `required` outside a parameter
 * object (not JSON Schema) is dropped. Vendor `x-` keys stay: non-strict ajv ignores them.
 */
function toJsonSchema(node: unknown, id: string): unknown {
  if (Array.isArray(node)) return node.map((item) => toJsonSchema(item, id));
  if (!node || typeof node !== 'object') return node;
  const source = node as SchemaNode;
  let out: SchemaNode = {};
  for (const [key, value] of Object.entries(source)) {
    if (DATA_KEYS.has(key)) out[key] = value;
    else if (NAME_MAPS.has(key) && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value as SchemaNode).map(([name, child]) => [name, toJsonSchema(child, id)]));
    } else if (key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')) out.$ref = `${id}${value}`;
    else if (key === 'required' && !Array.isArray(value) && source.in === undefined) continue;
    else if (key === 'type' && value === 'file') continue;
    else out[key] = toJsonSchema(value, id);
  }
  if (out['x-nullable'] === true) {
    delete out['x-nullable'];
    out = makeNullable(out);
  }
  return out;
}

/** Applies REAL_WORLD_NULLS to one spec; throws if an entry no longer matches the spec (the list must not rot). */
function applyRealWorldNulls(name: SpecName, doc: SwaggerDoc): void {
  for (const entry of REAL_WORLD_NULLS.filter((candidate) => candidate.spec === name)) {
    const properties = doc.definitions[entry.definition]?.properties as Record<string, SchemaNode> | undefined;
    const property = properties?.[entry.property];
    if (!properties || !property) {
      throw new Error(`real-world null ${entry.definition}.${entry.property} does not exist in the ${name} spec: update real-world-nulls.ts`);
    }
    properties[entry.property] = makeNullable(property);
  }
}

const cache = new Map<SpecName, LoadedSpec>();

/** Reads and converts one of JumpCloud's spec documents (once per test file). */
export function loadSpec(name: SpecName): LoadedSpec {
  const cached = cache.get(name);
  if (cached) return cached;
  const raw = JSON.parse(readFileSync(join(specDir(), SPEC_FILES[name]), 'utf8')) as SwaggerDoc;
  if (raw.swagger !== '2.0') throw new Error(`${SPEC_FILES[name]} is not Swagger 2.0 (swagger: ${String(raw.swagger)})`);
  const id = specId(name);
  const doc = toJsonSchema(raw, id) as SwaggerDoc;
  applyRealWorldNulls(name, doc);
  const loaded = { name, id, doc };
  cache.set(name, loaded);
  return loaded;
}

/** Follows a `$ref` written by `loadSpec` (absolute) to the definition it names. */
export function resolveRef(ref: string): SchemaNode {
  const match = /^(.*)#\/definitions\/(.+)$/.exec(ref);
  const name = match && (Object.keys(SPEC_FILES) as SpecName[]).find((candidate) => specId(candidate) === match[1]);
  if (!match || !name) throw new Error(`unsupported $ref ${ref}`);
  const definition = loadSpec(name).doc.definitions[decodeURIComponent(match[2] as string)];
  if (!definition) throw new Error(`dangling $ref ${ref}`);
  return definition;
}
