import { SETTINGS, type SettingDefinition } from './settings';

/** The README's configuration table, rendered from the settings list (a test keeps them equal). */
export function renderConfigTable(): string {
  const rows = (SETTINGS as readonly SettingDefinition[]).map((s) => {
    const name = s.secret ? `\`${s.env}\` (or \`${s.env}_FILE\`)` : `\`${s.env}\``;
    const byDefault = s.default !== undefined ? `\`${s.default}\`` : 'unset';
    return `| ${name} | ${byDefault} | ${s.description.replace(/\|/g, '\\|')} |`;
  });
  return ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
