import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Events (or scanned objects) handled between two turns of the event loop. The stores under the
 * feed are synchronous (SQLite): their awaits resolve as microtasks, so a page of 1,000 events
 * would otherwise run as one uninterrupted task and hold every SCIM request and /healthz for
 * hundreds of milliseconds (seen in the fuzz run: 414 ms). 25 keeps each slice around a few ms.
 */
export const ITEMS_PER_TURN = 25;

/** Counts handled items and lets the event loop run (I/O, timers) after every `ITEMS_PER_TURN`. */
export class EventLoopYielder {
  private handled = 0;

  /** Call once per handled item; resolves on the next turn of the event loop every `ITEMS_PER_TURN` items. */
  async handledOne(): Promise<void> {
    this.handled += 1;
    if (this.handled % ITEMS_PER_TURN === 0) await nextTurn();
  }
}

/**
 * Journal records read (and parsed) between two turns of the event loop when the feed prefetches
 * a page's time range: a minute of heavy traffic is thousands of records, and reading them in one
 * go held the event loop for 150-225 ms (a CPU profile of the long fuzz run).
 */
export const JOURNAL_RECORDS_PER_TURN = 200;

/** Resolves on the next turn of the event loop (after pending I/O callbacks). */
export function nextEventLoopTurn(): Promise<void> {
  return nextTurn();
}
