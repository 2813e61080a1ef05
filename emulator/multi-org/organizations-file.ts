import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { SeedDocument } from '../context';
import { parseEmulatorOptions } from '../option-switches';
import { checkMultiOrgConfig, type MultiOrgConfig, type OrganizationConfig } from './multi-org-config';

/**
 * The organisations file of `emulator --organizations FILE` (JSON):
 * `{"organizations": [{"id": "<24 hex>", "ownKey": true | "apiKeyEnv": "NAME", "options": {…},
 * "seed": "seed.json"}], "orgKeyOtherOrg"?: "not-found" | "ignore", "emailUniqueness"?: …}`.
 * No key is ever written in the file: `ownKey: true` makes one up at start, `apiKeyEnv` names the
 * environment variable holding it; without either the organisation is reached with the provider
 * key only. `options` are behaviour switches as in an `--options` file; `seed` is a seed file
 * relative to this file (none: the organisation starts empty).
 */
export interface OrganizationsFile {
  config: Omit<MultiOrgConfig, 'providerKey'>;
  /** The organisations whose key was made up at start (to print), by id. */
  generatedKeys: Map<string, string>;
}

const ORG_KEYS = ['id', 'ownKey', 'apiKeyEnv', 'options', 'seed'];
const FILE_KEYS = ['organizations', 'orgKeyOtherOrg', 'emailUniqueness'];

/**
 * Reads and checks an organisations file; `env` is where `apiKeyEnv` names are looked up. Throws
 * one Error naming the file and every problem (organisation index and field), never a key.
 */
export function readOrganizationsFile(path: string, env: Record<string, string | undefined> = process.env): OrganizationsFile {
  const what = `the emulator organisations file ${path}`;
  const parsed = readJson(path, what);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${what}: must be a JSON object {"organizations": [...]}`);
  const doc = parsed as Record<string, unknown>;
  const problems: string[] = Object.keys(doc)
    .filter((key) => !FILE_KEYS.includes(key))
    .map((key) => `${key} is not a field of the file (fields: ${FILE_KEYS.join(', ')})`);
  const entries = Array.isArray(doc.organizations) ? (doc.organizations as unknown[]) : [];
  if (!Array.isArray(doc.organizations)) problems.push('organizations must be a list');
  const generatedKeys = new Map<string, string>();
  const organizations = entries.map((entry, index) => readOrganization(entry, `organizations[${index}]`, { base: dirname(path), env, problems, generatedKeys }));
  const config = { ...doc, organizations } as Omit<MultiOrgConfig, 'providerKey'>;
  if (problems.length === 0) {
    try {
      checkMultiOrgConfig(config);
    } catch (error) {
      problems.push(...(error as Error).message.split('\n').slice(1).map((line) => line.trim()));
    }
  }
  if (problems.length > 0) throw new Error(`${what}: ${problems.join('; ')}`);
  return { config, generatedKeys };
}

function readOrganization(
  entry: unknown,
  where: string,
  ctx: { base: string; env: Record<string, string | undefined>; problems: string[]; generatedKeys: Map<string, string> },
): OrganizationConfig {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    ctx.problems.push(`${where} must be an object`);
    return { id: '' };
  }
  const raw = entry as Record<string, unknown>;
  for (const key of Object.keys(raw).filter((name) => !ORG_KEYS.includes(name))) {
    ctx.problems.push(`${where}.${key} is not a field of an organisation (fields: ${ORG_KEYS.join(', ')}; keys are never written in the file)`);
  }
  const org: OrganizationConfig = { id: typeof raw.id === 'string' ? raw.id : '' };
  if (typeof raw.id !== 'string') ctx.problems.push(`${where}.id must be a 24-hex organisation id`);
  if (raw.ownKey !== undefined && raw.ownKey !== true) ctx.problems.push(`${where}.ownKey must be true when given`);
  if (raw.ownKey === true && raw.apiKeyEnv !== undefined) ctx.problems.push(`${where}: ownKey and apiKeyEnv exclude each other`);
  else if (raw.ownKey === true) {
    org.apiKey = `emu_${randomBytes(18).toString('hex')}`;
    ctx.generatedKeys.set(org.id.toLowerCase(), org.apiKey);
  } else if (raw.apiKeyEnv !== undefined) {
    const value = typeof raw.apiKeyEnv === 'string' ? ctx.env[raw.apiKeyEnv] : undefined;
    if (typeof raw.apiKeyEnv !== 'string' || raw.apiKeyEnv === '') ctx.problems.push(`${where}.apiKeyEnv must name an environment variable`);
    else if (value === undefined || value === '') ctx.problems.push(`${where}.apiKeyEnv: ${raw.apiKeyEnv} is not set`);
    else org.apiKey = value;
  }
  if (raw.options !== undefined) {
    try {
      org.options = parseEmulatorOptions(raw.options, `${where}.options`);
    } catch (error) {
      ctx.problems.push((error as Error).message);
    }
  }
  if (raw.seed !== undefined) {
    if (typeof raw.seed !== 'string' || raw.seed === '') ctx.problems.push(`${where}.seed must be a file name`);
    else {
      try {
        const seed = readJson(resolve(ctx.base, raw.seed), `${where}.seed ${raw.seed}`);
        if (seed === null || typeof seed !== 'object' || Array.isArray(seed)) throw new Error(`${where}.seed ${raw.seed}: must be a seed document {users?, groups?, generate?}`);
        org.seed = seed as SeedDocument;
      } catch (error) {
        ctx.problems.push((error as Error).message);
      }
    }
  }
  return org;
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${what}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${what} is not valid JSON`);
  }
}
