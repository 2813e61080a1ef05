import { DEFAULT_DRIFT_PAGE, MAX_DRIFT_PAGE, type DriftStore, type OpenDrift } from '../state/drift-store';
import { ScimError } from '../scim/scim-error';

/** The query parameters `GET /admin/drift` accepts. */
export const DRIFT_QUERY_PARAMETERS = ['limit', 'cursor', 'resource'] as const;

/** One page of open drift, oldest first. */
export interface DriftAnswer {
  drift: OpenDrift[];
  /** How many attributes are open drift in all (not only this page). */
  totalResults: number;
  nextCursor?: string;
}

function single(raw: Record<string, unknown>, name: string): string | undefined {
  const value = raw[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw ScimError.status(400, `Query parameter "${name}" must be given once.`);
  return value;
}

/**
 * Open drift for operators: attributes the bridge owns that someone changed in JumpCloud outside
 * the bridge and that SailPoint has not overwritten yet (who, which attribute, from, to, since when).
 */
export class AdminDriftProvider {
  constructor(private readonly deps: { drift: DriftStore }) {}

  /** `GET /admin/drift?limit=&cursor=&resource=`: validates (400 naming the bad parameter), then one page. */
  async list(raw: Record<string, unknown>): Promise<DriftAnswer> {
    const unknown = Object.keys(raw).filter((name) => !(DRIFT_QUERY_PARAMETERS as readonly string[]).includes(name));
    if (unknown.length > 0) throw ScimError.status(400, `Unknown query parameter "${unknown[0]}"; supported: ${DRIFT_QUERY_PARAMETERS.join(', ')}.`);
    const limitText = single(raw, 'limit');
    let limit = DEFAULT_DRIFT_PAGE;
    if (limitText !== undefined) {
      if (!/^\d+$/.test(limitText) || Number(limitText) < 1 || Number(limitText) > MAX_DRIFT_PAGE) {
        throw ScimError.status(400, `Query parameter "limit" must be a whole number from 1 to ${MAX_DRIFT_PAGE}; got ${JSON.stringify(limitText.slice(0, 64))}.`);
      }
      limit = Number(limitText);
    }
    const cursor = single(raw, 'cursor');
    const resource = single(raw, 'resource');
    try {
      const page = await this.deps.drift.list({ limit, ...(cursor !== undefined ? { cursor } : {}), ...(resource !== undefined ? { resourceId: resource.trim() } : {}) });
      return { drift: page.drift, totalResults: await this.deps.drift.count(), ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}) };
    } catch (err) {
      if (err instanceof RangeError) throw ScimError.status(400, 'Query parameter "cursor" is not a cursor this service issued; use the nextCursor of a previous answer.');
      throw err;
    }
  }
}
