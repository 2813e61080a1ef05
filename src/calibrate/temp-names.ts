import { randomInt } from 'node:crypto';
import { CalibrationError } from './calibration-error';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
/** Fixed part of every name `calibrate` creates: recognisable in a console and in a sweep. */
export const NAME_STEM = 'jcsbcal';
const RANDOM_LENGTH = 6;

/**
 * The names of the temporary objects of one run. Every username, e-mail and group name starts
 * with `prefix` (lower case, so the case-insensitive username and e-mail rules cannot merge two
 * runs), which lets the cleanup sweep find creates whose answer was lost. Usernames start with a
 * letter and hold no spaces or `@`; e-mails are `@example.com` because JumpCloud e-mails are
 * unique across all of JumpCloud, not just the org (NOTES.md "v1 system users").
 */
export class TempNames {
  /** Builds the names of one run; `prefix` is random unless given (tests). */
  constructor(readonly prefix: string = randomPrefix()) {
    if (!/^[a-z][a-z0-9]*$/.test(prefix)) throw new CalibrationError('invalid-input', 'a calibration prefix is lower-case letters and digits, starting with a letter');
  }

  /** The temporary user every user and membership probe works on. */
  user(): { username: string; email: string } {
    return { username: `${this.prefix}u`, email: `${this.prefix}u@example.com` };
  }

  /** A user whose username is exactly `length` characters long (the username-length probe). */
  userOfLength(length: number): { username: string; email: string } {
    const filler = length - this.prefix.length;
    if (filler < 1) throw new CalibrationError('invalid-input', `a username of ${length} characters cannot carry the prefix ${this.prefix}`);
    return { username: `${this.prefix}${'l'.repeat(filler)}`, email: `${this.prefix}.len${length}@example.com` };
  }

  /** A group name `<prefix>-<suffix>`. */
  group(suffix: string): string {
    return `${this.prefix}-${suffix}`;
  }

  /** Whether a username, e-mail or group name is one of this run's. */
  owns(name: unknown): boolean {
    return typeof name === 'string' && name.toLowerCase().startsWith(this.prefix);
  }
}

function randomPrefix(): string {
  let suffix = '';
  for (let i = 0; i < RANDOM_LENGTH; i += 1) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `${NAME_STEM}${suffix}`;
}
