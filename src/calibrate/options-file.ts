import { writeFileSync } from 'node:fs';
import { BEHAVIOUR_SWITCHES, parseEmulatorOptions, type EmulatorOptionsFile } from '../../emulator/option-switches';
import type { KeyAdmin } from './probes/event.probes';
import type { ProbeOutcome } from './probe-outcome';

/**
 * The measured values as an emulator options document: every switch whose value was measured
 * (in `BEHAVIOUR_SWITCHES` order), plus the key's administrator learned from the run's own
 * events. Switches not measured are left out, so the emulator keeps its default for them. Checked
 * with the emulator's own parser, so a file `calibrate` writes is always one it accepts.
 */
export function emulatorOptionsOf(outcomes: readonly ProbeOutcome[], admin: KeyAdmin): EmulatorOptionsFile {
  const document: Record<string, unknown> = {};
  for (const { name } of BEHAVIOUR_SWITCHES) {
    const outcome = outcomes.find((entry) => entry.name === name);
    if (outcome?.status === 'measured' && outcome.value !== undefined) document[name] = outcome.value;
  }
  if (admin.adminId) document.adminId = admin.adminId;
  if (admin.adminEmail) document.adminEmail = admin.adminEmail;
  return parseEmulatorOptions(document, 'the measured options');
}

/** Writes the document as JSON (what `readEmulatorOptionsFile()` reads). */
export function writeEmulatorOptionsFile(path: string, document: EmulatorOptionsFile): void {
  writeFileSync(path, `${JSON.stringify(document, null, 2)}\n`, 'utf8');
}
