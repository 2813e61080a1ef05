import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import defaultMapping from '../../../src/mapping/default.mapping.json';
import { SCIM_TOKEN, startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { CORE, ENTERPRISE, ERROR, LIST, createThroughBridge, jumpcloudUser, scimUser } from './scim-users.fixtures';

const CUSTOM = 'urn:jumpcloud-scim-bridge:schemas:extension:jumpcloud:2.0:User';
const SPC = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RESOURCE_TYPE = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';
const ROTATED_TOKEN = 'rotated-scim-token-9876543210';
const BASIC = { user: 'sailpoint', password: 'basic-password-0123456789' };

/** An admin's mapping: the default one plus two JumpCloud custom attributes. */
const MAPPING = {
  ...defaultMapping,
  customAttributes: [
    { name: 'badgeNumber', type: 'integer', description: 'Door badge number.' },
    { name: 'costCode', jumpcloud: 'costCode', type: 'string', caseExact: true, description: 'Finance cost code.' },
  ],
};

/** Discovery (RFC 7644 §4) and protocol rules (auth, media types, /Me, a base URL ending in /Users) through HTTP. */
describe('SCIM discovery and protocol', () => {
  let h: BridgeHarness;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scim-mapping-'));
    const mappingFile = join(dir, 'mapping.json');
    writeFileSync(mappingFile, JSON.stringify(MAPPING));
    h = await startBridgeHarness({
      env: {
        MAPPING_FILE: mappingFile,
        PUBLIC_BASE_URL: 'https://scim.example.test',
        SCIM_BEARER_TOKEN: `${SCIM_TOKEN},${ROTATED_TOKEN}`,
        SCIM_BASIC_USERNAME: BASIC.user,
        SCIM_BASIC_PASSWORD: BASIC.password,
      },
    });
  });
  afterAll(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const base = 'https://scim.example.test/scim/v2';

  describe('/ServiceProviderConfig', () => {
    it.each(['/ServiceProviderConfig', '/ServiceProviderConfigs', '/Users/ServiceProviderConfig'])('%s', async (path) => {
      const res = await h.scim('get', path).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
      expect(res.body).toMatchObject({
        schemas: [SPC],
        patch: { supported: true },
        bulk: { supported: true, maxOperations: 1000, maxPayloadSize: 1048576 },
        filter: { supported: true, maxResults: expect.any(Number) },
        changePassword: { supported: true },
        sort: { supported: true },
        etag: { supported: true },
        pagination: { cursor: true, index: true, defaultPaginationMethod: 'index', defaultPageSize: 100, maxPageSize: 1000, cursorTimeout: 3600 },
        meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
      });
      expect(res.body).not.toHaveProperty('id');
      const schemes = res.body.authenticationSchemes.map((scheme: { type: string }) => scheme.type);
      expect(schemes).toEqual(expect.arrayContaining(['oauthbearertoken', 'httpbasic']));
    });
  });

  describe('/ResourceTypes', () => {
    it('lists User with its schema extensions, and Group, as a ListResponse', async () => {
      const res = await h.scim('get', '/ResourceTypes').expect(200);
      expect(res.body).toMatchObject({ schemas: [LIST], totalResults: 2, startIndex: 1, itemsPerPage: 2 });
      expect(res.body.Resources[1]).toMatchObject({
        schemas: [RESOURCE_TYPE],
        id: 'Group',
        name: 'Group',
        endpoint: '/Groups',
        schema: 'urn:ietf:params:scim:schemas:core:2.0:Group',
        meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/Group` },
      });
      expect(res.body.Resources[0]).toMatchObject({
        schemas: [RESOURCE_TYPE],
        id: 'User',
        name: 'User',
        endpoint: '/Users',
        schema: CORE,
        schemaExtensions: [
          { schema: ENTERPRISE, required: false },
          { schema: CUSTOM, required: false },
        ],
        meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` },
      });
    });

    it('/ResourceTypes/User and /Users/ResourceTypes/User answer the same document', async () => {
      const direct = await h.scim('get', '/ResourceTypes/User').expect(200);
      const suffixed = await h.scim('get', '/Users/ResourceTypes/User').expect(200);
      expect(suffixed.body).toEqual(direct.body);
      expect(direct.body.id).toBe('User');
    });

    it.each(['/ResourceTypes/Device', '/ResourceTypes/Role'])('%s is 404 with a SCIM error', async (path) => {
      const res = await h.scim('get', path).expect(404);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '404' });
      expect(res.body.detail).toContain(path.split('/').pop());
    });
  });

  describe('/Schemas', () => {
    it('lists the core User, the enterprise extension, the project extension and the core Group', async () => {
      const res = await h.scim('get', '/Schemas').expect(200);
      expect(res.body).toMatchObject({ schemas: [LIST], totalResults: 4 });
      expect(res.body.Resources.map((schema: { id: string }) => schema.id)).toEqual([CORE, 'urn:ietf:params:scim:schemas:core:2.0:Group', ENTERPRISE, CUSTOM]);
    });

    it('the core User schema lists every mapped attribute with RFC 7643 characteristics', async () => {
      const res = await h.scim('get', `/Schemas/${CORE}`).expect(200);
      expect(res.body).toMatchObject({ schemas: [SCHEMA], id: CORE, name: 'User', meta: { resourceType: 'Schema', location: `${base}/Schemas/${CORE}` } });
      const byName = new Map<string, Record<string, unknown>>(res.body.attributes.map((a: { name: string }) => [a.name, a]));
      expect(byName.get('userName')).toMatchObject({ type: 'string', required: true, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'server' });
      expect(byName.get('password')).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
      expect(byName.get('active')).toMatchObject({ type: 'boolean' });
      expect(byName.get('emails')).toMatchObject({ type: 'complex', multiValued: true });
      for (const name of ['name', 'displayName', 'title', 'userType', 'phoneNumbers', 'addresses']) expect(byName.has(name)).toBe(true);
    });

    it('the enterprise extension lists employeeNumber, department, costCenter, organization and manager', async () => {
      const res = await h.scim('get', `/Schemas/${ENTERPRISE}`).expect(200);
      const names = res.body.attributes.map((a: { name: string }) => a.name);
      expect(names).toEqual(expect.arrayContaining(['employeeNumber', 'department', 'costCenter', 'organization', 'manager']));
      const manager = res.body.attributes.find((a: { name: string }) => a.name === 'manager');
      expect(manager.subAttributes.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(['value', 'displayName']));
    });

    it("the project's extension lists the mapping's custom attributes with their characteristics", async () => {
      const res = await h.scim('get', `/Schemas/${CUSTOM}`).expect(200);
      expect(res.body.id).toBe(CUSTOM);
      expect(res.body.attributes).toEqual([
        expect.objectContaining({ name: 'badgeNumber', type: 'integer', multiValued: false, required: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none', description: 'Door badge number.' }),
        expect.objectContaining({ name: 'costCode', type: 'string', multiValued: false, required: false, caseExact: true, mutability: 'readWrite', returned: 'default', uniqueness: 'none' }),
        expect.objectContaining({ name: 'passwordPending', type: 'boolean', multiValued: false, required: false, mutability: 'readOnly', returned: 'default' }),
      ]);
      // Deliberate: every attribute carries caseExact (RFC 7643 §2.2 gives it a default for all
      // attributes, and the core schema renders it on `active` too); for an integer it is false.
      expect(res.body.attributes[0]).toHaveProperty('caseExact', false);
    });

    it('a custom attribute round-trips through JumpCloud with the type /Schemas announces, and filters', async () => {
      const created = await createThroughBridge(h, scimUser('badge.holder', { schemas: [CORE, CUSTOM], [CUSTOM]: { badgeNumber: 42, costCode: 'FIN-7' } }));
      expect(created[CUSTOM]).toEqual({ badgeNumber: 42, costCode: 'FIN-7', passwordPending: true });
      expect(jumpcloudUser(h, created.id)?.attributes).toEqual(
        expect.arrayContaining([expect.objectContaining({ name: 'badgeNumber', value: '42' }), expect.objectContaining({ name: 'costCode', value: 'FIN-7' })]),
      );
      const found = await h.scim('get', '/Users').query({ filter: `${CUSTOM}:badgeNumber eq 42 and costCode eq "FIN-7"` }).expect(200);
      expect(found.body.totalResults).toBe(1);
      const wrongCase = await h.scim('get', '/Users').query({ filter: 'costCode eq "fin-7"' }).expect(200);
      expect(wrongCase.body.totalResults).toBe(0);
      const bad = await h.scim('post', '/Users').send(scimUser('badge.bad', { [CUSTOM]: { badgeNumber: 'forty-two' } })).expect(400);
      expect(bad.body).toMatchObject({ scimType: 'invalidValue' });
      expect(bad.body.detail).toContain('badgeNumber');
    });

    it.each([
      ['an unknown URN', '/Schemas/urn:example:params:scim:schemas:unknown:1.0:Thing'],
      ['a schema the bridge does not serve', '/Schemas/urn:ietf:params:scim:schemas:extension:example:2.0:Device'],
    ])('%s is 404 with a SCIM error', async (_name, path) => {
      const res = await h.scim('get', path).expect(404);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '404' });
    });

    it.each(['/Schemas', '/ResourceTypes'])('%s ignores paging, sorting and filter parameters', async (path) => {
      const plain = await h.scim('get', path).expect(200);
      const paged = await h.scim('get', path).query({ startIndex: 2, count: 1, filter: 'id eq "x"', sortBy: 'name', sortOrder: 'descending' }).expect(200);
      expect(paged.body).toEqual(plain.body);
    });

    it('/Users/Schemas (a base URL ending in /Users) answers /Schemas', async () => {
      const direct = await h.scim('get', '/Schemas').expect(200);
      const suffixed = await h.scim('get', '/Users/Schemas').expect(200);
      expect(suffixed.body).toEqual(direct.body);
    });
  });

  describe('a base URL ending in /Users', () => {
    it('serves /Users/Users, /Users/Users/{id} and writes through it', async () => {
      const created = await h.scim('post', '/Users/Users').send(scimUser('suffix.user')).expect(201);
      // The canonical location, not the doubled path.
      expect(created.headers.location).toBe(`${base}/Users/${created.body.id}`);
      await h.scim('get', `/Users/Users/${created.body.id}`).expect(200);
      const listed = await h.scim('get', '/Users/Users').query({ filter: 'userName eq "suffix.user@example.com"' }).expect(200);
      expect(listed.body.totalResults).toBe(1);
      await h.scim('delete', `/Users/Users/${created.body.id}`).expect(204);
    });
  });

  describe('authentication', () => {
    const routes: [string, string][] = [
      ['get', '/ServiceProviderConfig'],
      ['get', '/ServiceProviderConfigs'],
      ['get', '/ResourceTypes'],
      ['get', '/ResourceTypes/User'],
      ['get', '/Schemas'],
      ['get', `/Schemas/${CORE}`],
      ['get', '/Users'],
      ['get', '/Users/0123456789abcdef01234567'],
      ['post', '/Users'],
      ['put', '/Users/0123456789abcdef01234567'],
      ['patch', '/Users/0123456789abcdef01234567'],
      ['delete', '/Users/0123456789abcdef01234567'],
      ['get', '/Me'],
      ['get', '/Users/Users'],
      ['get', '/Users/Schemas'],
      ['get', '/NoSuchEndpoint'],
    ];

    it.each(routes)('%s %s without credentials -> 401 with a SCIM error body and a challenge', async (method, path) => {
      const res = await (request(h.app) as unknown as Record<string, (url: string) => request.Test>)[method]!(`/scim/v2${path}`).expect(401);
      expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
      expect(res.headers['www-authenticate']).toMatch(/Bearer/);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '401' });
    });

    it.each([
      ['a wrong bearer token', 'Bearer wrong-token-0123456789'],
      ['a wrong Basic password', `Basic ${Buffer.from(`${BASIC.user}:nope`).toString('base64')}`],
      ['an unknown scheme', 'Digest username="x"'],
    ])('%s -> 401', async (_name, authorization) => {
      const res = await request(h.app).get('/scim/v2/Users').set('Authorization', authorization).expect(401);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '401' });
    });

    it.each([
      ['the first bearer token', `Bearer ${SCIM_TOKEN}`],
      ['the rotated bearer token', `Bearer ${ROTATED_TOKEN}`],
      ['HTTP Basic', `Basic ${Buffer.from(`${BASIC.user}:${BASIC.password}`).toString('base64')}`],
    ])('%s is accepted', async (_name, authorization) => {
      await request(h.app).get('/scim/v2/ServiceProviderConfig').set('Authorization', authorization).expect(200);
      await request(h.app).get('/scim/v2/Users').set('Authorization', authorization).expect(200);
    });
  });

  describe('protocol', () => {
    it.each(['get', 'post', 'put', 'patch', 'delete'] as const)('%s /Me -> 501', async (method) => {
      const res = await h.scim(method, '/Me').expect(501);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '501' });
    });

    it('an unknown endpoint under the base is a SCIM 404', async () => {
      const res = await h.scim('get', '/Bulk').expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
      expect(res.body).toMatchObject({ schemas: [ERROR], status: '404' });
    });

    it('every answer, errors included, is application/scim+json', async () => {
      for (const res of [await h.scim('get', '/Users').expect(200), await h.scim('get', '/Users').query({ filter: 'bad filter' }).expect(400), await h.scim('get', '/Schemas').expect(200)]) {
        expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
      }
    });

    it('a PATCH body sent as application/json is accepted; as form data it is 415', async () => {
      const created = await createThroughBridge(h, scimUser('media.type'));
      const body = JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'title', value: 'JSON' }] });
      await h.scim('patch', `/Users/${created.id}`).set('Content-Type', 'application/json').send(body).expect(200);
      const refused = await h.scim('patch', `/Users/${created.id}`).set('Content-Type', 'application/x-www-form-urlencoded').send('title=Form').expect(415);
      expect(refused.body).toMatchObject({ schemas: [ERROR], status: '415' });
      expect(jumpcloudUser(h, created.id)?.jobTitle).toBe('JSON');
    });
  });
});
