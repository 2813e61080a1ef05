/**
 * MongoDB-style ObjectIds: 4 bytes of seconds since the epoch, 5 bytes fixed per generator,
 * 3 bytes of counter. JumpCloud ids are such ObjectIds, and JumpCloud recommends paging with
 * `sort=_id`, which only makes sense because ids grow with creation time. The emulator keeps
 * that property strictly (creation order = `_id` order) so paging in `_id` order is stable.
 */

const OBJECT_ID = /^[0-9a-f]{24}$/;
const COUNTER_SPAN = 0x1000000;

/** True when `value` is a 24-hex ObjectId (lower case, as JumpCloud prints them). */
export function isObjectId(value: unknown): value is string {
  return typeof value === 'string' && OBJECT_ID.test(value);
}

/**
 * Makes a generator of strictly increasing ObjectIds.
 * @param now the clock (tests replace it); a clock that goes backwards never makes ids go backwards.
 * @param settings.machine the 5 middle bytes as 10 hex digits; random by default.
 * @param settings.firstCounter the counter of the very first id (default 0); lets a test reach
 *   the end of a second's counter space without making 16M ids.
 */
export function createObjectIdGenerator(now: () => Date, settings: { machine?: string; firstCounter?: number } = {}): () => string {
  const middle = settings.machine ?? randomHex(10);
  if (!/^[0-9a-f]{10}$/.test(middle)) throw new Error('machine must be 10 lower-case hex digits');
  let lastSeconds = -1;
  let counter = 0;
  let first = true;
  return () => {
    const seconds = Math.floor(now().getTime() / 1000);
    if (first) {
      first = false;
      lastSeconds = seconds;
      counter = settings.firstCounter ?? 0;
    } else if (seconds > lastSeconds) {
      lastSeconds = seconds;
      counter = 0;
    } else {
      counter += 1;
      // More than 16M ids in one second: borrow the next second rather than wrap (which would
      // break the ordering every caller relies on).
      if (counter >= COUNTER_SPAN) {
        lastSeconds += 1;
        counter = 0;
      }
    }
    return hex(lastSeconds, 8) + middle + hex(counter, 6);
  };
}

/** Seconds since the epoch encoded in an ObjectId (its creation time). */
export function objectIdSeconds(id: string): number {
  return parseInt(id.slice(0, 8), 16);
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0').slice(-width);
}

function randomHex(width: number): string {
  let out = '';
  while (out.length < width) out += Math.floor(Math.random() * 16).toString(16);
  return out;
}
