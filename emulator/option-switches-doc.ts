import { BEHAVIOUR_SWITCHES, defaultOf } from './option-switches';

/** The README's table of emulator switches, rendered from `BEHAVIOUR_SWITCHES` (a test keeps them equal). */
export function renderSwitchTable(): string {
  const rows = BEHAVIOUR_SWITCHES.map((definition) => {
    const others = definition.values.filter((value) => value !== defaultOf(definition.name)).map((value) => `\`${String(value)}\``);
    const range = definition.range ? ` (any whole number ${definition.range.min}-${definition.range.max})` : '';
    return `| \`${definition.name}\` | \`${String(defaultOf(definition.name))}\` | ${definition.evidence}: ${definition.source.replace(/\|/g, '\\|')} | ${others.join(', ')}${range} |`;
  });
  return ['| switch | default | evidence behind the default | other values |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
