import { msSince, summarize, type LatencySummary } from './stats';

/** What one scenario measured. */
export interface LoadResult extends LatencySummary {
  requestsPerSecond: number;
  errors: number;
}

/**
 * Runs `total` calls of `call(i)` with `concurrency` in flight at once (a closed loop: each worker
 * sends its next request when the previous one answered) and measures each call. Calls get
 * indexes from `firstIndex`, so a warm-up and a measured run never create the same user.
 */
export async function runLoad(total: number, concurrency: number, call: (i: number) => Promise<Response>, firstIndex = 0): Promise<LoadResult> {
  const samples: number[] = [];
  let next = 0;
  let errors = 0;
  const started = process.hrtime.bigint();
  const worker = async (): Promise<void> => {
    for (let i = next++; i < total; i = next++) {
      const t = process.hrtime.bigint();
      const res = await call(firstIndex + i);
      await res.arrayBuffer();
      samples.push(msSince(t));
      if (!res.ok) errors += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = msSince(started) / 1000;
  return { ...summarize(samples), requestsPerSecond: total / seconds, errors };
}
