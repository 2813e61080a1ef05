import { parseSearchRequest } from '../../../src/scim/search';
import { ScimError } from '../../../src/scim/scim-error';
import cases from './search-request.cases.json';

describe('parseSearchRequest (RFC 7644 §3.4.3)', () => {
  it.each(cases.valid.map((c) => [c.name, c] as const))('%s', (_name, { body, query }) => {
    expect(parseSearchRequest(body)).toEqual(query);
  });

  it.each(cases.invalid.map((c) => [c.name, c] as const))('refuses %s', (_name, { body, scimType, detail }) => {
    let error: unknown;
    try {
      parseSearchRequest(body);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ScimError);
    expect((error as ScimError).status).toBe(400);
    expect((error as ScimError).scimType).toBe(scimType);
    expect((error as ScimError).message).toContain(detail);
  });
});
