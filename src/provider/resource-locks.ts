import { ScimError } from '../scim/scim-error';
import { LockTimeoutError } from '../state/lock-timeout-error';

/** The resource a write holds: its SCIM resource type and JumpCloud id. */
export interface ResourceKey {
  resourceType: 'User' | 'Group';
  id: string;
}

/**
 * Serialises the writes to one resource. JumpCloud has no conditional write, and it REPLACES
 * `attributes`, `phoneNumbers` and `addresses` on PUT (NOTES.md), so every PATCH, PUT and DELETE
 * reads, merges and writes back: two at once on one resource lose one of them (issue 12, finding
 * 4). Writes to different resources never wait for each other.
 *
 * The in-process implementation serves a single instance; SharedResourceLocks adds a lock the
 * replicas share (a PostgreSQL advisory lock keyed by `resourceType` and `id`) when they scale out.
 */
export interface ResourceLocks {
  /**
   * Runs `work` once no other write to `key` is running, and holds `key` until it settles.
   * Throws a 429 ScimError (with Retry-After) when the request's deadline passes while waiting.
   */
  exclusive<T>(key: ResourceKey, work: () => Promise<T>): Promise<T>;
}

/** Seconds a client is told to wait when a write to the same resource outlasted its deadline. */
export const BUSY_RETRY_AFTER_SECONDS = 1;

interface Waiter {
  grant(): void;
}

export interface InProcessResourceLocksOptions {
  /** The deadline (epoch ms) of the request being served, read when a write starts to wait; absent or undefined: wait until the key is free. */
  deadline?: () => number | undefined;
  now?: () => number;
}

/**
 * Per-resource locks of one process: a FIFO queue per key held, removed as soon as the key is
 * free, so memory follows the writes in flight, never the resources ever written.
 */
export class InProcessResourceLocks implements ResourceLocks {
  /** Held keys, each with the writes waiting for it, first come first served. */
  private readonly held = new Map<string, Waiter[]>();
  private readonly now: () => number;

  constructor(private readonly options: InProcessResourceLocksOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /** How many keys are held now (idle keys are not kept). */
  get size(): number {
    return this.held.size;
  }

  /** {@inheritDoc ResourceLocks.exclusive} */
  async exclusive<T>(key: ResourceKey, work: () => Promise<T>): Promise<T> {
    const name = `${key.resourceType}:${key.id}`;
    await this.acquire(name, key);
    try {
      return await work();
    } finally {
      this.release(name);
    }
  }

  private acquire(name: string, key: ResourceKey): Promise<void> {
    const queue = this.held.get(name);
    if (!queue) {
      this.held.set(name, []);
      return Promise.resolve();
    }
    const deadline = this.options.deadline?.();
    return new Promise<void>((resolve, reject) => {
      // Past its deadline the request answers rather than queue on: a 429, not a 503, because the
      // wait comes from the clients' own writes to this resource, not from JumpCloud (a 503 with
      // Retry-After would shut the upstream gate for every client, throttle.middleware.ts).
      const timer =
        deadline === undefined
          ? undefined
          : setTimeout(
              () => {
                const at = queue.indexOf(waiter);
                if (at >= 0) queue.splice(at, 1);
                reject(busy(key));
              },
              Math.max(0, deadline - this.now()),
            );
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      queue.push(waiter);
    });
  }

  private release(name: string): void {
    const next = this.held.get(name)?.shift();
    if (next) next.grant();
    else this.held.delete(name);
  }
}

/**
 * The lock the replicas share (withAdvisoryLock on PostgreSQL, bound to its pool by the
 * composition root): provider/ knows only this port, never the driver.
 */
export interface SharedLockPort {
  /**
   * Runs `work` holding the lock `name` across every replica; throws LockTimeoutError (and never
   * runs `work`) when it is not granted within `timeoutMs` (undefined: waits as long as it takes).
   */
  withLock<T>(name: string, timeoutMs: number | undefined, work: () => Promise<T>): Promise<T>;
}

/**
 * Per-resource locks of several replicas: the in-process lock first, then the shared one. Writes
 * queued in this process wait in memory and only the one at the head of the queue holds a
 * database connection to wait on the other replicas; without the first step every waiter would
 * hold a pooled connection and a few hot resources would drain the pool. The shared wait gets what
 * is left of the request's deadline, and running out of it gives the same 429 as waiting here.
 */
export class SharedResourceLocks implements ResourceLocks {
  private readonly local: InProcessResourceLocks;
  private readonly now: () => number;

  constructor(
    private readonly shared: SharedLockPort,
    private readonly options: InProcessResourceLocksOptions = {},
  ) {
    this.local = new InProcessResourceLocks(options);
    this.now = options.now ?? Date.now;
  }

  /** {@inheritDoc ResourceLocks.exclusive} */
  exclusive<T>(key: ResourceKey, work: () => Promise<T>): Promise<T> {
    return this.local.exclusive(key, async () => {
      const deadline = this.options.deadline?.();
      const timeoutMs = deadline === undefined ? undefined : Math.max(0, deadline - this.now());
      let granted = false;
      try {
        return await this.shared.withLock(sharedLockName(key), timeoutMs, () => {
          granted = true;
          return work();
        });
      } catch (err) {
        // Only the wait for the lock is a 429; the same error out of `work` is the write's own.
        if (!granted && err instanceof LockTimeoutError) throw busy(key);
        throw err;
      }
    });
  }
}

/** The shared lock's name for a resource: the bridge's prefix keeps it apart from other users of the database's advisory locks. */
export function sharedLockName(key: ResourceKey): string {
  return `jumpcloud-scim-bridge:${key.resourceType}:${key.id}`;
}

function busy(key: ResourceKey): ScimError {
  return ScimError.status(429, `Another write to ${key.resourceType} ${key.id} is still in progress; nothing was changed by this request, retry after the delay in Retry-After.`, {
    retryAfterSeconds: BUSY_RETRY_AFTER_SECONDS,
  });
}
