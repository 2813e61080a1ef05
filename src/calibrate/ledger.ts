/** One object `calibrate` created (or may have created) in JumpCloud. */
export interface LedgerEntry {
  kind: 'user' | 'group';
  id: string;
  /** Username or group name, for the report. */
  name: string;
}

/**
 * Every object the run created, in creation order, so that cleanup can delete exactly those
 * (newest first) even when a probe fails half-way. An object deleted by its own probe is marked
 * gone so cleanup does not delete it twice.
 */
export class Ledger {
  private readonly entries: LedgerEntry[] = [];
  private readonly gone = new Set<string>();

  /** Notes a create JumpCloud confirmed. */
  record(entry: LedgerEntry): void {
    this.entries.push({ ...entry });
  }

  /** Notes that an object is already deleted. */
  markGone(id: string): void {
    this.gone.add(id);
  }

  /** Whether an object is known to be deleted. */
  isGone(id: string): boolean {
    return this.gone.has(id);
  }

  /** The objects still to delete, newest first. */
  pending(): LedgerEntry[] {
    return this.entries.filter((entry) => !this.gone.has(entry.id)).reverse();
  }

  /** Every object ever recorded (deleted or not). */
  all(): LedgerEntry[] {
    return this.entries.map((entry) => ({ ...entry }));
  }
}
