import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Lints `source` as if it were the file at `path`, with the project's real ESLint config. */
function lint(path: string, source: string): { ok: boolean; output: string } {
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--stdin', '--stdin-filename', path], {
    cwd: root,
    input: source,
    encoding: 'utf8',
  });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}

// The architecture's one dependency rule is a lint rule; these cases prove the rule bites.
describe('import boundaries (lint)', () => {
  it.each([
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
  ])('%s may not import what it must not know', (path, source, message) => {
    const result = lint(path, source);
    expect(result.ok).toBe(false);
    expect(result.output).toContain(message);
  });

  it('allows calibrate the emulator switch table and the jumpcloud layer', () => {
    const result = lint('src/calibrate/options-file.ts', "import { BEHAVIOUR_SWITCHES } from '../../emulator/option-switches';\nimport { resolveEndpoints } from '../jumpcloud';\nexport const y = [BEHAVIOUR_SWITCHES, resolveEndpoints];\n");
    expect(result.output).not.toContain('off limits');
  });

  it('allows what the architecture allows (mapping knows both vocabularies)', () => {
    const result = lint('src/mapping/user.map.ts', "import { ScimError } from '../scim/scim-error';\nimport type { X } from '../jumpcloud/types';\nexport const y: X | typeof ScimError = ScimError;\n");
    expect(result.output).not.toContain('off limits');
  });

  it('keeps the console front end to text-only rendering (no innerHTML and kin)', () => {
    for (const source of ["export function f(e: HTMLElement, v: string): void {\n  e.innerHTML = v;\n}\n", "export function f(e: HTMLElement, v: string): void {\n  e.insertAdjacentHTML('beforeend', v);\n}\n"]) {
      const result = lint('console/src/page-person.ts', source);
      expect(result.ok).toBe(false);
      expect(result.output).toContain('console/ renders text only');
    }
    expect(lint('console/src/page-person.ts', "export function f(e: HTMLElement, v: string): void {\n  e.textContent = v;\n}\n").ok).toBe(true);
  });
});
