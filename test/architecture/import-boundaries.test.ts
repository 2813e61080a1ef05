import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Lints every `[path, source]` as if each were that file, with the project's real ESLint config. */
const LINT_MANY = `
const { ESLint } = require('eslint');
const path = require('node:path');
let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', async () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const out = [];
  for (const [file, source] of JSON.parse(input)) {
    const [result] = await eslint.lintText(source, { filePath: path.join(process.cwd(), file) });
    out.push({ ok: result.errorCount === 0 && result.fatalErrorCount === 0, output: result.messages.map((m) => (m.ruleId || '') + ': ' + m.message).join('\\n') });
  }
  process.stdout.write(JSON.stringify(out));
});
`;

/**
 * Lints the sources in one ESLint process (the config is ESM, which jest's sandbox cannot import;
 * a process per case cost 1.5 s each).
 */
function lintAll(cases: readonly (readonly [string, string])[]): { ok: boolean; output: string }[] {
  const result = spawnSync(process.execPath, ['-e', LINT_MANY], { cwd: root, input: JSON.stringify(cases), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`eslint failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { ok: boolean; output: string }[];
}

/** Sources each layer must not contain: [file it pretends to be, source, the rule's message]. */
const FORBIDDEN: [string, string, string][] = [
    ['src/scim/filter.ts', "import { x } from '../jumpcloud/jumpcloud-client';\nexport const y = x;\n", 'jumpcloud is off limits'],
    ['src/scim/filter.ts', "import express from 'express';\nexport const y = express;\n", 'express is off limits'],
    ['src/jumpcloud/users-api.ts', "import { ScimError } from '../scim/scim-error';\nexport const y = ScimError;\n", 'scim is off limits'],
    ['src/http/users.routes.ts', "import { x } from '../jumpcloud/jumpcloud-client';\nexport const y = x;\n", 'jumpcloud is off limits'],
    ['src/provider/users.provider.ts', "import { Router } from 'express';\nexport const y = Router;\n", 'express is off limits'],
    ['emulator/users/user-store.ts', "import { loadConfig } from '../../src/config/load-config';\nexport const y = loadConfig;\n", 'src is off limits'],
    ['src/state/store.ts', "import { x } from '../lifecycle/classify';\nexport const y = x;\n", 'lifecycle is off limits'],
    ['src/calibrate/probes/user.probes.ts', "import { x } from '../../../emulator/users/user-store';\nexport const y = x;\n", 'emulatorInternals is off limits'],
    ['src/calibrate/cleanup.ts', "import { x } from '../provider/users.provider';\nexport const y = x;\n", 'provider is off limits'],
    ['src/calibrate/run-calibration.ts', "import { x } from '../composition/start-bridge';\nexport const y = x;\n", 'composition is off limits'],
    ['console/src/page-events.ts', "import { AUDIT_EVENT_TYPES } from '../../src/lifecycle/audit-record';\nexport const y = AUDIT_EVENT_TYPES;\n", 'src is off limits'],
];
const CALIBRATE_ALLOWED = ['src/calibrate/options-file.ts', "import { BEHAVIOUR_SWITCHES } from '../../emulator/option-switches';\nimport { resolveEndpoints } from '../jumpcloud';\nexport const y = [BEHAVIOUR_SWITCHES, resolveEndpoints];\n"] as const;
const MAPPING_ALLOWED = ['src/mapping/user.map.ts', "import { ScimError } from '../scim/scim-error';\nimport type { X } from '../jumpcloud/types';\nexport const y: X | typeof ScimError = ScimError;\n"] as const;
const INNER_HTML = ['console/src/page-person.ts', "export function f(e: HTMLElement, v: string): void {\n  e.innerHTML = v;\n}\n"] as const;
const ADJACENT_HTML = ['console/src/page-person.ts', "export function f(e: HTMLElement, v: string): void {\n  e.insertAdjacentHTML('beforeend', v);\n}\n"] as const;
const TEXT_CONTENT = ['console/src/page-person.ts', "export function f(e: HTMLElement, v: string): void {\n  e.textContent = v;\n}\n"] as const;

// The architecture's one dependency rule is a lint rule; these cases prove the rule bites.
describe('import boundaries (lint)', () => {
  const cases = [...FORBIDDEN.map(([path, source]) => [path, source] as const), CALIBRATE_ALLOWED, MAPPING_ALLOWED, INNER_HTML, ADJACENT_HTML, TEXT_CONTENT];
  let results: { ok: boolean; output: string }[] = [];
  beforeAll(() => {
    results = lintAll(cases);
  });
  const lint = (which: readonly [string, string]) => results[cases.indexOf(which)] ?? { ok: true, output: 'not linted' };

  it.each(FORBIDDEN.map((entry, index) => [entry[0], index, entry[2]] as const))('%s may not import what it must not know (case %i)', (_path, index, message) => {
    const result = results[index];
    expect(result?.ok).toBe(false);
    expect(result?.output).toContain(message);
  });

  it('allows calibrate the emulator switch table and the jumpcloud layer', () => {
    expect(lint(CALIBRATE_ALLOWED).output).not.toContain('off limits');
    expect(lint(CALIBRATE_ALLOWED).output).not.toBe('not linted');
  });

  it('allows what the architecture allows (mapping knows both vocabularies)', () => {
    expect(lint(MAPPING_ALLOWED).output).not.toContain('off limits');
    expect(lint(MAPPING_ALLOWED).output).not.toBe('not linted');
  });

  it('keeps the console front end to text-only rendering (no innerHTML and kin)', () => {
    for (const which of [INNER_HTML, ADJACENT_HTML]) {
      expect(lint(which).ok).toBe(false);
      expect(lint(which).output).toContain('console/ renders text only');
    }
    expect(lint(TEXT_CONTENT)).toEqual({ ok: true, output: '' });
  });
});
