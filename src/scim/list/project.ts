import { isPlainObject } from '../resource/resource-values';
import type { AttributeDefinition, SchemaDefinition } from '../schema/attribute-definition';
import { commonAttributes } from '../schema/common-attributes';
import { resolveAttributePath, schemaParts, type SchemaSource } from '../schema/resolve-attribute-path';
import type { ScimResource } from '../scim-urns';

/** The §3.4.2.5 parameters, as `parseListParams` returns them. */
export interface ProjectionRequest {
  attributes?: readonly string[];
  excludedAttributes?: readonly string[];
}

/** A projection compiled for one request, applied to every resource of its answer. */
export type Projector = (resource: ScimResource) => ScimResource;

/** Per attribute: the whole attribute, or only some of its sub-attributes (lower-cased names). */
type AttributeSelection = 'all' | Set<string>;

/** What a list of names selects inside one namespace (the core object or one extension object). */
interface NamespaceSelection {
  whole: boolean;
  attributes: Map<string, AttributeSelection>;
}

/**
 * What the projection does with one attribute key of a namespace: leave it out (undefined), keep
 * its value as it is (no sub-attribute definitions), or keep only some of its sub-attributes.
 */
type AttributePlan = undefined | { subAttributes?: SubAttributePlan };

/** How the sub-attributes of one complex attribute are kept (`filterSubAttributes`). */
interface SubAttributePlan {
  /** `attributes` named some sub-attributes only: a non-object element or an empty array is left out. */
  restricted: boolean;
  /**
   * Every sub-attribute stays, whatever its name (none is `returned: never` or `request`, none
   * is excluded): a value is then served as it is, without a copy, unless it holds an empty object.
   */
  keepsAll: boolean;
  /** Whether the sub-attribute spelled `subKey` stays (memoised per spelling). */
  keeps(subKey: string): boolean;
}

/** One namespace (the core object or an extension's) with its definitions and selections. */
interface NamespacePlan {
  /** Attribute (and sub-attribute) definitions by lower-cased name: the first definition of a name wins. */
  definitions: Map<string, AttributeDefinition>;
  include: NamespaceSelection | undefined;
  exclude: NamespaceSelection | undefined;
  /** Plans by the exact key spelling met in resources (keys repeat on every resource of a page). */
  plans: Map<string, AttributePlan>;
}

const CORE = '';
const COMMON = commonAttributes();

/**
 * Applies `attributes` / `excludedAttributes` (RFC 7644 §3.4.2.5) and the `returned`
 * characteristic (RFC 7643 §7) to one resource, without mutating it.
 *
 * - `returned: never` (e.g. `password`) is never in the output; `always` (e.g. `id`) always is,
 *   and `excludedAttributes` has no effect on it; `request` appears only when named in
 *   `attributes`; `default` appears unless `attributes` is given without it, or it is excluded.
 * - Names are standard attribute notation (RFC 7644 §3.10) in any letter case: `userName`,
 *   `name.givenName`, `emails.value`, `urn:...:enterprise:2.0:User:department`, or a bare
 *   extension URN for the whole extension. Names the resource type does not define are ignored,
 *   as RFC 7644 §3.4.2.5 lets a service provider do.
 * - `schemas` is always returned (RFC 7643 §3); an extension URN leaves `schemas` when the
 *   projection removed that extension's whole object.
 * - When both parameters are given, `attributes` selects and `excludedAttributes` then removes.
 *
 * For a list page, compile once with {@link compileProjection} and apply it to each resource.
 */
export function project(resource: ScimResource, request: ProjectionRequest, schemas: SchemaSource): ScimResource {
  return compileProjection(request, schemas)(resource);
}

/**
 * {@link project} compiled for one request: the names are resolved and the definitions indexed
 * once, and each attribute key's verdict is remembered, so that a page of resources costs a map
 * lookup per key. Built once per request: the projector runs for every resource of every page
 * (resolving the names per resource was a third of a page's allocations in the aggregation bench).
 */
export function compileProjection(request: ProjectionRequest, schemas: SchemaSource): Projector {
  const attributes = request.attributes ?? [];
  const excluded = request.excludedAttributes ?? [];
  const include = attributes.length > 0 ? selectionOf(attributes, schemas) : undefined;
  const exclude = selectionOf(excluded, schemas);
  const { core, extensions } = schemaParts(schemas);
  const namespaceOf = (id: string, definitions: readonly AttributeDefinition[]): NamespacePlan => ({
    definitions: byLowerName(definitions),
    include: include?.get(id) ?? (include ? emptySelection() : undefined),
    exclude: exclude.get(id),
    plans: new Map(),
  });
  // A schema that lists the common attributes itself (RFC 7643 §3.1 allows it) is found first.
  const corePlan = namespaceOf(CORE, [...core.attributes, ...COMMON]);
  const extensionPlans = new Map<string, ExtensionPlan>();
  for (const schema of extensions) {
    // The last schema of a URN wins, as it did when this map was built per resource.
    extensionPlans.set(schema.id.toLowerCase(), { schema, plan: namespaceOf(schema.id, schema.attributes) });
  }
  // The extension (or none) of each key spelling met, so that keys are not lower-cased per resource.
  const extensionByKey = new Map<string, ExtensionPlan | undefined>();
  const extensionOf = (key: string): ExtensionPlan | undefined => {
    if (extensionByKey.has(key)) return extensionByKey.get(key);
    const extension = extensionPlans.get(key.toLowerCase());
    extensionByKey.set(key, extension);
    return extension;
  };
  return (resource) => build(resource, corePlan, extensionOf);
}

/** An extension schema and its namespace plan. */
interface ExtensionPlan {
  schema: SchemaDefinition;
  plan: NamespacePlan;
}

/** How many projections one cache keeps (clients page with one or two; a client varying them only recompiles). */
const PROJECTION_CACHE_LIMIT = 32;

/**
 * Compiled projections of one resource type, by the `attributes` / `excludedAttributes` asked:
 * an aggregation asks the same one for every page, and compiling it (resolving each name) cost as
 * much as projecting a few users. Bounded: emptied when full.
 */
export class ProjectionCache {
  private readonly projectors = new Map<string, Projector>();

  constructor(private readonly schemas: SchemaSource) {}

  /** The projector of `request`, compiled on first use. */
  projectorFor(request: ProjectionRequest): Projector {
    const key = JSON.stringify([request.attributes ?? [], request.excludedAttributes ?? []]);
    let projector = this.projectors.get(key);
    if (!projector) {
      projector = compileProjection(request, this.schemas);
      if (this.projectors.size >= PROJECTION_CACHE_LIMIT) this.projectors.clear();
      this.projectors.set(key, projector);
    }
    return projector;
  }
}

function build(resource: ScimResource, corePlan: NamespacePlan, extensionOf: (key: string) => ExtensionPlan | undefined): ScimResource {
  const output: Record<string, unknown> = {};
  let droppedExtensions: Set<string> | undefined;
  for (const key of Object.keys(resource)) {
    const value = resource[key];
    if (key === 'schemas') {
      output[key] = value;
      continue;
    }
    const extension = extensionOf(key);
    if (extension) {
      const projected = isPlainObject(value) ? projectNamespace(value, extension.plan) : undefined;
      if (projected && Object.keys(projected).length > 0) output[key] = projected;
      else (droppedExtensions ??= new Set()).add(extension.schema.id.toLowerCase());
      continue;
    }
    const kept = applyPlan(value, planOf(corePlan, key));
    if (kept !== undefined) output[key] = kept;
  }
  if (Array.isArray(output.schemas) && droppedExtensions) {
    const dropped = droppedExtensions;
    output.schemas = output.schemas.filter((urn) => typeof urn !== 'string' || !dropped.has(urn.toLowerCase()));
  }
  return output as ScimResource;
}

function projectNamespace(object: Record<string, unknown>, plan: NamespacePlan): Record<string, unknown> {
  const output: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    const kept = applyPlan(object[key], planOf(plan, key));
    if (kept !== undefined) output[key] = kept;
  }
  return output;
}

/** The remembered plan of `key` in a namespace, made on first sight. */
function planOf(namespace: NamespacePlan, key: string): AttributePlan {
  if (namespace.plans.has(key)) return namespace.plans.get(key);
  const plan = planAttribute(key, namespace.definitions.get(key.toLowerCase()), namespace.include, namespace.exclude);
  namespace.plans.set(key, plan);
  return plan;
}

/** What happens to one top-level attribute; undefined when it is left out. */
function planAttribute(key: string, definition: AttributeDefinition | undefined, include: NamespaceSelection | undefined, exclude: NamespaceSelection | undefined): AttributePlan {
  const returned = definition?.returned ?? 'default';
  if (returned === 'never') return undefined;
  const lower = key.toLowerCase();
  const excluded = exclude?.whole ? 'all' : exclude?.attributes.get(lower);
  if (returned === 'always') {
    return keepSubAttributes(definition, undefined, excluded instanceof Set ? excluded : undefined);
  }
  let only: Set<string> | undefined;
  if (include) {
    // A bare schema URN selects what that schema returns by default: a `request` attribute
    // must still be named itself (RFC 7643 §7: "returned ... only if specified").
    const selected = include.attributes.get(lower) ?? (include.whole && returned !== 'request' ? 'all' : undefined);
    if (selected === undefined) return undefined;
    if (selected instanceof Set) only = selected;
  } else if (returned === 'request') {
    return undefined;
  }
  if (excluded === 'all') return undefined;
  return keepSubAttributes(definition, only, excluded);
}

/**
 * The plan of a kept attribute: its sub-attributes filtered to `only` when given (plus
 * `returned: always` ones), minus `without`, never `returned: never`.
 */
function keepSubAttributes(definition: AttributeDefinition | undefined, only: Set<string> | undefined, without: Set<string> | undefined): AttributePlan {
  const subDefinitions = definition?.subAttributes;
  if (!subDefinitions) return {};
  const byName = byLowerName(subDefinitions);
  const verdicts = new Map<string, boolean>();
  const keeps = (subKey: string): boolean => {
    let keep = verdicts.get(subKey);
    if (keep === undefined) {
      const lower = subKey.toLowerCase();
      const returned = byName.get(lower)?.returned ?? 'default';
      keep =
        returned === 'always' ||
        (returned === 'request' && only?.has(lower) === true) ||
        (returned === 'default' && (only ? only.has(lower) : true) && !without?.has(lower));
      verdicts.set(subKey, keep);
    }
    return keep;
  };
  const keepsAll = only === undefined && (without === undefined || without.size === 0) && subDefinitions.every((sub) => sub.returned === 'default' || sub.returned === 'always');
  return { subAttributes: { restricted: only !== undefined, keepsAll, keeps } };
}

/**
 * One attribute's value under its plan. Elements of a multi-valued complex attribute left empty
 * are dropped; an attribute left with nothing is left out.
 */
function applyPlan(value: unknown, plan: AttributePlan): unknown {
  if (plan === undefined) return undefined;
  const sub = plan.subAttributes;
  if (!sub) return value;
  // Served as it is when nothing would change: the common case of a list page (every user's
  // `name`, `emails`, `meta`), which would otherwise be copied for every user of every page.
  if (sub.keepsAll && !holdsEmptyObject(value)) return value;
  if (Array.isArray(value)) {
    if (value.length === 0) return sub.restricted ? undefined : value;
    const items: unknown[] = [];
    for (const item of value) {
      const kept = filterOne(item, sub);
      if (kept !== undefined) items.push(kept);
    }
    return items.length > 0 ? items : undefined;
  }
  return filterOne(value, sub);
}

function filterOne(item: unknown, sub: SubAttributePlan): unknown {
  if (!isPlainObject(item)) return sub.restricted ? undefined : item;
  const kept: Record<string, unknown> = {};
  let any = false;
  for (const subKey of Object.keys(item)) {
    if (!sub.keeps(subKey)) continue;
    kept[subKey] = item[subKey];
    any = true;
  }
  return any ? kept : undefined;
}

/** Whether `value` is, or is an array holding, an object without keys (the projection leaves those out). */
function holdsEmptyObject(value: unknown): boolean {
  if (Array.isArray(value)) {
    if (value.length === 0) return false;
    for (const item of value) if (isEmptyObject(item)) return true;
    return false;
  }
  return isEmptyObject(value);
}

function isEmptyObject(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  for (const _key in value) if (Object.hasOwn(value, _key)) return false;
  return true;
}

/** Definitions by lower-cased name; the first of a name wins, as `findByName` finds it. */
function byLowerName(definitions: readonly AttributeDefinition[]): Map<string, AttributeDefinition> {
  const map = new Map<string, AttributeDefinition>();
  for (const definition of definitions) {
    const lower = definition.name.toLowerCase();
    if (!map.has(lower)) map.set(lower, definition);
  }
  return map;
}

/** Groups names by namespace (core or extension URN); unknown names are dropped (§3.4.2.5). */
function selectionOf(names: readonly string[], schemas: SchemaSource): Map<string, NamespaceSelection> {
  const byNamespace = new Map<string, NamespaceSelection>();
  const namespace = (id: string): NamespaceSelection => {
    let selection = byNamespace.get(id);
    if (!selection) {
      selection = emptySelection();
      byNamespace.set(id, selection);
    }
    return selection;
  };
  for (const name of names) {
    const resolved = resolveAttributePath(name, schemas);
    if (!resolved) continue;
    const target = namespace(resolved.extension ? resolved.schema.id : CORE);
    if (resolved.kind === 'schema') {
      target.whole = true;
      continue;
    }
    const attributeKey = resolved.attribute.name.toLowerCase();
    const current = target.attributes.get(attributeKey);
    if (!resolved.subAttribute || current === 'all') {
      target.attributes.set(attributeKey, 'all');
    } else {
      target.attributes.set(attributeKey, (current ?? new Set<string>()).add(resolved.subAttribute.name.toLowerCase()));
    }
  }
  return byNamespace;
}

function emptySelection(): NamespaceSelection {
  return { whole: false, attributes: new Map() };
}
