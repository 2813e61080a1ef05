import type { DriftStore } from '../state/drift-store';

/**
 * The open-drift gauge for /metrics: how many owned attributes someone else changed that the
 * bridge has not written again yet. A function so the metrics endpoint reads it when scraped.
 */
export function openDriftGauge(drift: Pick<DriftStore, 'count'>): () => Promise<number> {
  return () => drift.count();
}
