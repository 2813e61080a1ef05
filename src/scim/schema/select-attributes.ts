import type { AttributeDefinition, SchemaDefinition } from './attribute-definition';

/**
 * A copy of `schema` holding only the named attributes, in the schema's own order. A name is an
 * attribute (`userName`, the whole attribute with all its sub-attributes) or an attribute and one
 * sub-attribute (`name.givenName`, keeping `name` with only the sub-attributes named). Names are
 * matched case-insensitively (RFC 7643 §2.1). The mapping layer uses this to publish in
 * `/Schemas` only what it maps.
 *
 * @throws Error naming every attribute the schema does not define: a mapping that names one is a
 *   configuration mistake to be reported at boot, never a silent omission.
 */
export function selectAttributes(schema: SchemaDefinition, names: readonly string[]): SchemaDefinition {
  const wanted = new Map<string, Set<string> | 'all'>();
  const unknown: string[] = [];
  for (const name of names) {
    const [attributeName = '', subName] = name.split('.', 2);
    const definition = findByName(schema.attributes, attributeName);
    const sub = subName === undefined ? undefined : findByName(definition?.subAttributes ?? [], subName);
    if (!definition || (subName !== undefined && !sub)) {
      unknown.push(name);
      continue;
    }
    const key = definition.name;
    const current = wanted.get(key);
    if (!sub || current === 'all') {
      wanted.set(key, 'all');
    } else {
      wanted.set(key, (current ?? new Set<string>()).add(sub.name));
    }
  }
  if (unknown.length > 0) {
    throw new Error(`Schema ${schema.id} defines no attribute ${unknown.map((n) => `'${n}'`).join(', ')}.`);
  }
  const attributes = schema.attributes
    .filter((definition) => wanted.has(definition.name))
    .map((definition) => {
      const selection = wanted.get(definition.name);
      if (selection === 'all' || !definition.subAttributes) return definition;
      return { ...definition, subAttributes: definition.subAttributes.filter((sub) => selection?.has(sub.name)) };
    });
  return { ...schema, attributes };
}

/** The definition named `name` in any letter case (RFC 7643 §2.1: names are case-insensitive). */
export function findByName(definitions: readonly AttributeDefinition[], name: string): AttributeDefinition | undefined {
  const lower = name.toLowerCase();
  return definitions.find((definition) => definition.name.toLowerCase() === lower);
}
