import { readFileSync } from 'node:fs';
import type { EmulatorOptions } from './context';
import { DEFAULT_OPTIONS } from './default-options';

/** The emulator options that model a JumpCloud behaviour (not the emulator's identity: key, orgs, admins). */
export type BehaviourSwitch =
  | 'defaultUserState'
  | 'missingKeyAnswer'
  | 'duplicateMemberAdd'
  | 'duplicateGroupName'
  | 'nonMemberRemove'
  | 'directoryInsightsEnabled'
  | 'usernameMaxLength'
  | 'apiKeyAuthMethod'
  | 'apiKeyEventSource'
  | 'associationEvent'
  | 'arrayItemIds'
  | 'restrictedFieldsCheck'
  | 'searchByObjectId'
  | 'unconfirmedSort'
  | 'v2FilterForm'
  | 'v2SearchOperator'
  | 'v2SearchCase';

/** One behaviour switch: the values it takes, and why its default is what it is. */
export interface SwitchDefinition {
  name: BehaviourSwitch;
  /**
   * Every value for an enumeration; for a number, the values the switch matrix tries (any
   * whole number in `range` is accepted).
   */
  values: readonly (string | number | boolean)[];
  range?: { min: number; max: number };
  /** The evidence behind the default: `observed` (real traffic), `spec` (JumpCloud's OpenAPI documents or docs), `assumed` (neither). */
  evidence: 'observed' | 'spec' | 'assumed';
  /** One line: where the default comes from. */
  source: string;
}

/**
 * Every behaviour switch, in the order `calibrate` reports them. The default of each is
 * `DEFAULT_OPTIONS[name]`; `values` always includes it.
 */
export const BEHAVIOUR_SWITCHES: readonly SwitchDefinition[] = [
  { name: 'defaultUserState', values: ['ACTIVATED', 'STAGED'], evidence: 'spec', source: 'an org setting; the V1 spec documents both states for new users' },
  { name: 'missingKeyAnswer', values: ['unauthorized', 'redirect'], evidence: 'assumed', source: '401 per the docs; a 302 to the login page has been reported, unconfirmed' },
  { name: 'duplicateMemberAdd', values: ['conflict', 'no-content'], evidence: 'assumed', source: '409 "Already Exists" or 204: both reported, neither confirmed' },
  { name: 'duplicateGroupName', values: ['conflict', 'allow'], evidence: 'assumed', source: '409 "Already Exists" is reported, unconfirmed' },
  { name: 'nonMemberRemove', values: ['not-found', 'no-content'], evidence: 'assumed', source: 'no evidence either way' },
  { name: 'directoryInsightsEnabled', values: [true, false], evidence: 'spec', source: 'a key without Directory Insights access answers 403' },
  { name: 'usernameMaxLength', values: [30, 64], range: { min: 1, max: 1024 }, evidence: 'spec', source: 'JumpCloud docs: usernames of Mac/Linux accounts are at most 30 characters' },
  { name: 'apiKeyAuthMethod', values: ['api key', 'api-key'], evidence: 'observed', source: 'real DI events say "api key"; the docs table says "api-key"' },
  { name: 'apiKeyEventSource', values: ['scim', 'none'], evidence: 'observed', source: 'initiated_by.source "scim" in two of three real API-key events' },
  { name: 'associationEvent', values: ['observed', 'documented'], evidence: 'observed', source: 'real association_change events have no resource; ends carry object_id, type, name' },
  { name: 'arrayItemIds', values: ['id-and-_id', 'none'], evidence: 'observed', source: 'real events: array items carry id and _id, new ones on every replacing PUT' },
  { name: 'restrictedFieldsCheck', values: ['spec-enum', 'any'], evidence: 'spec', source: 'JumpCloud.SDK.V1.json: restrictedFields[].field and .type are enums' },
  { name: 'searchByObjectId', values: ['matches', 'matches-nothing'], evidence: 'assumed', source: 'no evidence that /search/systemusers matches _id given as a string' },
  { name: 'unconfirmedSort', values: ['honour', 'ignore', 'refuse'], evidence: 'assumed', source: 'no spec names the v2 sort keys (nor v1 keys other than _id)' },
  { name: 'v2FilterForm', values: ['any', 'repeated-only'], evidence: 'assumed', source: 'JumpCloud.SDK.V2.json types filter as an array with no collectionFormat; filter[0]= is the v1 form; the bridge sends one v2 filter per request' },
  { name: 'v2SearchOperator', values: ['wildcard', 'substring', 'regex'], evidence: 'spec', source: 'the V2 spec says filter values "support wild cards", without naming them (* and ? assumed)' },
  { name: 'v2SearchCase', values: ['insensitive', 'sensitive'], evidence: 'assumed', source: 'the V2 spec says filter values "Is case sensitive"; whether search honours it is unconfirmed' },
];

/** Identity keys an options file may also carry (e.g. the admin behind a real key, learned by `calibrate`). */
const IDENTITY_KEYS = ['adminId', 'adminEmail'] as const;

/** The options a file may set: behaviour switches and the admin identity. */
export type EmulatorOptionsFile = Partial<Pick<EmulatorOptions, BehaviourSwitch | (typeof IDENTITY_KEYS)[number]>>;

/** The default value of a switch. */
export function defaultOf(name: BehaviourSwitch): string | number | boolean {
  return DEFAULT_OPTIONS[name];
}

/** Whether `value` is one the switch accepts. */
export function isValidSwitchValue(definition: SwitchDefinition, value: unknown): boolean {
  if (definition.range) return typeof value === 'number' && Number.isInteger(value) && value >= definition.range.min && value <= definition.range.max;
  return definition.values.includes(value as string | number | boolean);
}

/**
 * Checks an options document (a `--options` file, `EMULATOR_OPTIONS_FILE`, a
 * `PATCH /__emulator/options` body): every key a known switch or identity key, every value one
 * it accepts. Throws an `Error` listing every problem; answers the document typed.
 */
export function parseEmulatorOptions(value: unknown, what = 'emulator options'): EmulatorOptionsFile {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${what}: must be a JSON object of switches`);
  const problems: string[] = [];
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const definition = BEHAVIOUR_SWITCHES.find((entry) => entry.name === key);
    if (definition) {
      if (!isValidSwitchValue(definition, item)) {
        const allowed = definition.range ? `a whole number from ${definition.range.min} to ${definition.range.max}` : definition.values.map((v) => JSON.stringify(v)).join(' or ');
        problems.push(`${key} must be ${allowed}`);
      }
    } else if ((IDENTITY_KEYS as readonly string[]).includes(key)) {
      if (typeof item !== 'string' || item === '' || item.length > 320) problems.push(`${key} must be a non-empty string`);
    } else {
      problems.push(`${key} is not an emulator switch (switches: ${BEHAVIOUR_SWITCHES.map((entry) => entry.name).join(', ')})`);
    }
  }
  if (problems.length > 0) throw new Error(`${what}: ${problems.join('; ')}`);
  return value as EmulatorOptionsFile;
}

/** Reads and checks an options file (JSON); the error names the file and what to fix. */
export function readEmulatorOptionsFile(path: string): EmulatorOptionsFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the emulator options file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`the emulator options file ${path} is not valid JSON`);
  }
  return parseEmulatorOptions(parsed, `the emulator options file ${path}`);
}

/** One entry of the switch matrix: the defaults with exactly one switch flipped. */
export interface SwitchVariant {
  /** e.g. `unconfirmedSort=refuse`. */
  label: string;
  name: BehaviourSwitch;
  value: string | number | boolean;
  options: EmulatorOptionsFile;
}

/** Every switch flipped alone from its default, to every other value it takes (the CI matrix). */
export function singleSwitchVariants(): SwitchVariant[] {
  return BEHAVIOUR_SWITCHES.flatMap((definition) =>
    definition.values
      .filter((value) => value !== defaultOf(definition.name))
      .map((value) => ({ label: `${definition.name}=${String(value)}`, name: definition.name, value, options: { [definition.name]: value } })),
  );
}
