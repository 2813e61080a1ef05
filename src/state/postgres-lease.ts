/**
 * A named lease in PostgreSQL (the `lease` table): at most one holder at a time, valid until
 * `expires_at`. Every time here is the DATABASE server's (now()), so replicas whose clocks
 * disagree still agree on who holds it: no replica's clock ever votes.
 */

import type { Pool } from 'pg';

/** What the lease functions need of a pool (or a client): one query at a time. */
export type LeaseQueryable = Pick<Pool, 'query'>;

/**
 * Takes the lease `name` for `holder`, or renews it when `holder` has it already, in ONE
 * statement: the row is written only when it is free, expired or ours. Answers whether `holder`
 * holds it now; renewing pushes `expires_at` to now() + ttl (by the server's clock).
 *
 * One statement is what makes it safe: `ON CONFLICT ... DO UPDATE ... WHERE` locks the row and
 * re-reads it before deciding, so two replicas racing for an expired lease cannot both win (the
 * second sees the first one's fresh expiry and its WHERE no longer holds).
 */
export async function tryAcquireLease(db: LeaseQueryable, name: string, holder: string, ttlSeconds: number): Promise<boolean> {
  const result = await db.query<{ holder: string }>(
    `INSERT INTO lease (name, holder, acquired_at, expires_at)
     VALUES ($1, $2, now(), now() + make_interval(secs => $3))
     ON CONFLICT (name) DO UPDATE
       SET holder = EXCLUDED.holder,
           -- a renewal keeps the time it was first taken; a takeover starts a new tenure
           acquired_at = CASE WHEN lease.holder = EXCLUDED.holder THEN lease.acquired_at ELSE EXCLUDED.acquired_at END,
           expires_at = EXCLUDED.expires_at
       WHERE lease.holder = EXCLUDED.holder OR lease.expires_at <= now()
     RETURNING holder`,
    [name, holder, ttlSeconds],
  );
  return result.rows[0]?.holder === holder;
}

/**
 * Gives up the lease `name` when `holder` has it (a rolling restart hands over at once instead of
 * making the next leader wait for the expiry); answers whether it was ours. Never frees another's.
 */
export async function releaseLease(db: LeaseQueryable, name: string, holder: string): Promise<boolean> {
  const result = await db.query('DELETE FROM lease WHERE name = $1 AND holder = $2', [name, holder]);
  return (result.rowCount ?? 0) > 0;
}

/** Who holds the lease `name` now (an unexpired row, by the server's clock), for operators and tests. */
export async function currentLeaseHolder(db: LeaseQueryable, name: string): Promise<string | undefined> {
  const result = await db.query<{ holder: string }>('SELECT holder FROM lease WHERE name = $1 AND expires_at > now()', [name]);
  return result.rows[0]?.holder;
}
