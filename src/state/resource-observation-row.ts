/**
 * The row of table resource_observation as both engines answer it (same columns, NULL as null),
 * and its reading as a ResourceObservation: one reading, so the engines cannot drift apart.
 */
import type { ResourceObservation } from './resource-observation-store';

/** The columns a ResourceObservation is read from. */
export interface ResourceObservationRow {
  mapped_hash: string | null;
  mapped_values: string | null;
  observed_at: string | null;
  last_change_at: string | null;
  last_change_origin: string | null;
  last_change_by: string | null;
}

/** The SELECT list that yields a ResourceObservationRow. */
export const OBSERVATION_COLUMNS = 'mapped_hash, mapped_values, observed_at, last_change_at, last_change_origin, last_change_by';

/** The observation a row holds: a snapshot once a scan saw the resource, a last change once one was recorded. */
export function toObservation(row: ResourceObservationRow): ResourceObservation {
  const observation: ResourceObservation = {};
  if (row.mapped_hash !== null && row.observed_at !== null) {
    observation.snapshot = { hash: row.mapped_hash, values: row.mapped_values ? (JSON.parse(row.mapped_values) as Record<string, unknown>) : {}, observedAt: row.observed_at };
  }
  if (row.last_change_at !== null) {
    observation.lastChange = {
      at: row.last_change_at,
      origin: row.last_change_origin === 'bridge' ? 'bridge' : 'external',
      ...(row.last_change_by ? { by: JSON.parse(row.last_change_by) as Record<string, unknown> } : {}),
    };
  }
  return observation;
}
