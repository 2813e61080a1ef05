/**
 * A lock shared by the replicas (a transaction advisory lock in PostgreSQL) was not granted
 * within the time left: another replica holds it. A state-layer error, free of any driver, so the
 * layers above can recognise it (provider/ turns it into the same 429 the in-process lock gives).
 */
export class LockTimeoutError extends Error {
  constructor(
    /** The lock's name (a resource, never a secret). */
    readonly lockName: string,
    /** How long was waited, in milliseconds. */
    readonly waitedMs: number,
  ) {
    super(`the lock ${lockName} was not granted within ${waitedMs} ms`);
    this.name = 'LockTimeoutError';
  }
}
