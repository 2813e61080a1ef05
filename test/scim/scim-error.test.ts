import { SCIM_TYPE_STATUS, ScimError } from '../../src/scim/scim-error';

describe('ScimError (RFC 7644 §3.12)', () => {
  it.each(Object.entries(SCIM_TYPE_STATUS))('%s travels with status %i', (scimType, status) => {
    const error = ScimError.of(scimType as keyof typeof SCIM_TYPE_STATUS, 'why');
    expect(error.status).toBe(status);
    expect(error.toJSON()).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), scimType, detail: 'why' });
  });

  it('holds the table of RFC 7644 §3.12 (Table 9) and RFC 9865', () => {
    expect(SCIM_TYPE_STATUS).toEqual({
      invalidFilter: 400,
      tooMany: 400,
      uniqueness: 409,
      mutability: 400,
      invalidSyntax: 400,
      invalidPath: 400,
      noTarget: 400,
      invalidValue: 400,
      invalidVers: 400,
      sensitive: 403,
      invalidCursor: 400,
      expiredCursor: 400,
    });
  });

  it('carries a status-only error without scimType', () => {
    expect(ScimError.status(404, 'Resource 1 not found.').toJSON()).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'Resource 1 not found.' });
  });
});
