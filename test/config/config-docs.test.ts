import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderConfigTable } from '../../src/config/config-docs';
import { SETTINGS } from '../../src/config/settings';

const root = join(__dirname, '..', '..');

describe('every setting is documented once, and the copies agree', () => {
  it('README.md carries the configuration table rendered from src/config/settings.ts', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const table = renderConfigTable();
    // On failure, paste the received table into README.md between the config-table markers.
    expect(readme).toContain(`<!-- config-table:start -->\n${table}\n<!-- config-table:end -->`);
  });

  it('.env.example names exactly the settings, with their defaults', () => {
    const lines = readFileSync(join(root, '.env.example'), 'utf8').split('\n');
    const assignments = new Map(
      lines.filter((l) => /^[A-Z_]+=/.test(l)).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const),
    );
    expect([...assignments.keys()].sort()).toEqual(SETTINGS.map((s) => s.env).sort());
    for (const setting of SETTINGS) {
      expect(`${setting.env}=${assignments.get(setting.env)}`).toBe(`${setting.env}=${'default' in setting ? setting.default : ''}`);
    }
  });
});
