/**
 * The v2 graph shapes of membership answers. `attributes` is `null` on every graph object and
 * connection: that is what recorded traffic shows, although Swagger 2.0 cannot say so.
 */

/** GraphConnection, as `GET /usergroups/{id}/members` lists each direct member. */
export function graphConnection(type: string, id: string): Record<string, unknown> {
  return { attributes: null, to: { attributes: null, id, type } };
}

/** GraphObjectWithPaths for an object reached in one hop (a direct member or a direct group). */
export function graphObjectWithPaths(type: string, id: string): Record<string, unknown> {
  return { id, type, paths: [[graphConnection(type, id)]] };
}
