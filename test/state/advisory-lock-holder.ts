// A replica that takes the cross-replica lock named in argv[2] and holds it until it is killed:
// the advisory-lock test SIGKILLs it to show that a crashed holder's lock is released with its
// connection. Prints "held" once it holds the lock.
import { Pool } from 'pg';
import { withAdvisoryLock } from '../../src/state/postgres-advisory-lock';

const pool = new Pool({ connectionString: process.env.LOCK_DATABASE_URL, max: 1 });
void withAdvisoryLock(pool, process.argv[2] ?? 'lock', undefined, () => {
  process.stdout.write('held\n');
  return new Promise<never>(() => setInterval(() => undefined, 60_000));
});
