import { ACCEPTED_BODY_MEDIA_TYPES, acceptsScim, classifyContentType, SCIM_CONTENT_TYPE } from '../../src/scim/media-type';

describe('media types (RFC 7644 §3.1, §3.8)', () => {
  it.each([
    ['application/scim+json', 'scim'],
    ['application/scim+json; charset=utf-8', 'scim'],
    ['Application/SCIM+JSON;charset="UTF-8"', 'scim'],
    ['application/json', 'json'],
    ['application/json; charset=utf8', 'json'],
    [undefined, 'missing'],
    ['  ', 'missing'],
    ['text/plain', 'unsupported'],
    ['application/x-www-form-urlencoded', 'unsupported'],
    ['application/xml', 'unsupported'],
    ['application/json; charset=iso-8859-1', 'unsupported'],
    ['application/jsonx', 'unsupported'],
  ] as const)('%s is %s', (header, kind) => {
    expect(classifyContentType(header)).toBe(kind);
    expect(acceptsScim(header)).toBe(kind !== 'unsupported');
  });

  it('answers with the SCIM media type in UTF-8', () => {
    expect(SCIM_CONTENT_TYPE).toBe('application/scim+json; charset=utf-8');
  });

  it('lists the body media types a JSON parser should read', () => {
    expect(ACCEPTED_BODY_MEDIA_TYPES).toEqual(['application/scim+json', 'application/json']);
  });
});
