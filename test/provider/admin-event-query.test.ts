import { parseEventQuery } from '../../src/provider/admin-event-query';
import { ScimError } from '../../src/scim/scim-error';
import cases from './admin-event-query.cases.json';

interface Valid {
  name: string;
  raw: Record<string, unknown>;
  query: Record<string, unknown>;
}
interface Invalid {
  name: string;
  raw: Record<string, unknown>;
  detail: string;
}

/** The journal query parser shared by GET /admin/events and `audit events`, as a table. */
describe('parseEventQuery', () => {
  it.each((cases.valid as Valid[]).map((c) => [c.name, c] as const))('reads %s', (_name, c) => {
    expect(parseEventQuery(c.raw)).toEqual(c.query);
  });

  it.each((cases.invalid as Invalid[]).map((c) => [c.name, c] as const))('refuses %s with a 400 naming the parameter', (_name, c) => {
    let error: unknown;
    try {
      parseEventQuery(c.raw);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ScimError);
    expect((error as ScimError).status).toBe(400);
    expect((error as ScimError).message).toBe(c.detail);
  });
});
