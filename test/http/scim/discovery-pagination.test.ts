import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';

const USERS = 7;

/**
 * SCIM_ADVERTISE_PAGINATION: RFC 9865 `pagination` in /ServiceProviderConfig by default; left out
 * for strict clients written before RFC 9865 (Python scim2-models refuses the document with it).
 * Paging itself, by index and by cursor, works the same either way.
 */
describe.each([
  ['default', {}, true],
  ['SCIM_ADVERTISE_PAGINATION=false', { SCIM_ADVERTISE_PAGINATION: 'false' }, false],
])('/ServiceProviderConfig pagination (%s)', (_name, env, advertised) => {
  let h: BridgeHarness;

  beforeAll(async () => {
    h = await startBridgeHarness({ seed: { generate: { users: USERS, usernamePrefix: 'page' } }, env });
  });
  afterAll(() => h.close());

  it(advertised ? 'carries pagination, under both spellings' : 'leaves pagination out, under both spellings, and nothing else changes', async () => {
    for (const path of ['/ServiceProviderConfig', '/ServiceProviderConfigs']) {
      const res = await h.scim('get', path).expect(200);
      if (advertised) expect(res.body.pagination).toEqual({ cursor: true, index: true, defaultPaginationMethod: 'index', defaultPageSize: 100, maxPageSize: 1000, cursorTimeout: 3600 });
      else expect(res.body).not.toHaveProperty('pagination');
      expect(res.body).toMatchObject({ patch: { supported: true }, filter: { supported: true, maxResults: 1000 }, sort: { supported: true }, etag: { supported: true } });
    }
  });

  it('pages by cursor', async () => {
    const ids: string[] = [];
    let cursor: string | undefined = '';
    while (cursor !== undefined) {
      const res: { body: { Resources: { id: string }[]; nextCursor?: string } } = await h.scim('get', '/Users').query({ cursor, count: '3', attributes: 'userName' }).expect(200);
      ids.push(...res.body.Resources.map((r: { id: string }) => r.id));
      cursor = res.body.nextCursor;
    }
    expect(ids).toEqual(h.emulator.ctx.users.idsInOrder(0, USERS));
  });

  it('pages by index', async () => {
    const res = await h.scim('get', '/Users').query({ startIndex: '4', count: '3' }).expect(200);
    expect(res.body).toMatchObject({ totalResults: USERS, startIndex: 4, itemsPerPage: 3 });
    expect(res.body.Resources.map((r: { id: string }) => r.id)).toEqual(h.emulator.ctx.users.idsInOrder(3, 3));
  });
});
