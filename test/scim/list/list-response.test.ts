import { listResponse } from '../../../src/scim/list/list-response';

describe('listResponse (RFC 7644 §3.4.2)', () => {
  it('wraps a page with integer paging fields and the ListResponse schema', () => {
    const body = listResponse([{ id: '1' }, { id: '2' }], { totalResults: 10, startIndex: 3 });
    expect(body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 10,
      itemsPerPage: 2,
      startIndex: 3,
      Resources: [{ id: '1' }, { id: '2' }],
    });
    expect(JSON.parse(JSON.stringify(body))).toEqual(body);
  });

  it('sends an empty Resources array with totalResults 0 (Entra Test Connection)', () => {
    expect(listResponse([], { totalResults: 0, startIndex: 1 })).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 0,
      itemsPerPage: 0,
      startIndex: 1,
      Resources: [],
    });
  });

  it('keeps an explicit itemsPerPage (count=0 answers only totalResults)', () => {
    expect(listResponse([], { totalResults: 42, startIndex: 1, itemsPerPage: 0 })).toMatchObject({ totalResults: 42, itemsPerPage: 0 });
  });

  it.each([
    [{ totalResults: -1, startIndex: 1 }, /totalResults/],
    [{ totalResults: 1.5, startIndex: 1 }, /totalResults/],
    [{ totalResults: 1, startIndex: 0 }, /startIndex/],
    [{ totalResults: Number('3'), startIndex: Number.NaN }, /startIndex/],
    [{ totalResults: 1, startIndex: 1, itemsPerPage: -2 }, /itemsPerPage/],
  ])('refuses paging facts %j', (page, message) => {
    expect(() => listResponse([], page)).toThrow(message);
  });
});
