/**
 * Where a group's SCIM `externalId` lives: JumpCloud v2 groups have no field for it, so the bridge
 * keeps it in the group's `description`, as ONE marker line at its end:
 *
 *     <whatever the admin wrote>
 *     [scim:externalId="<JSON string>"]
 *
 * Rules (so an admin's text is never clobbered silently):
 * - only the marker line is ever written or removed; the admin's text before it is kept verbatim;
 * - a group without the marker has no externalId (groups made in the console, and groups a client
 *   created without one);
 * - the value is a JSON string, so quotes, brackets and new lines in it cannot break the marker.
 */

const MARKER = /(?:^|\n)\[scim:externalId=("(?:[^"\\\n]|\\.)*")\]$/;

/** The admin's own description and the bridge's externalId, read apart. */
export interface DescriptionParts {
  /** The description without the marker line (the admin's text). */
  text: string;
  externalId?: string;
}

/** Splits a JumpCloud group description into the admin's text and the externalId marker. */
export function readDescription(description: unknown): DescriptionParts {
  const full = typeof description === 'string' ? description : '';
  const match = MARKER.exec(full);
  if (!match) return { text: full };
  let externalId: unknown;
  try {
    externalId = JSON.parse(match[1] as string);
  } catch {
    return { text: full };
  }
  if (typeof externalId !== 'string') return { text: full };
  return { text: full.slice(0, match.index), externalId };
}

/** The description holding `text` and, when given, the externalId marker line after it. */
export function writeDescription(parts: DescriptionParts): string {
  if (parts.externalId === undefined || parts.externalId === '') return parts.text;
  const marker = `[scim:externalId=${JSON.stringify(parts.externalId)}]`;
  return parts.text === '' ? marker : `${parts.text}\n${marker}`;
}
