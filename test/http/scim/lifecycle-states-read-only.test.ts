import { startBridgeHarness, type BridgeHarness } from '../../support/bridge-harness';
import { PATCH_OP, createThroughBridge, emulatorCall, jumpcloudUser, jumpcloudWrites, resetEmulator, scimUser } from './scim-users.fixtures';

/**
 * Every JumpCloud field the default mapping writes that JumpCloud can lock, as READ_ONLY_PROFILES
 * marks it: not alternateEmail, external_dn or manager, outside the V1 spec's restrictedField enum.
 */
const OWNED = [
  'username',
  'email',
  'displayname',
  'firstname',
  'lastname',
  'middlename',
  'jobTitle',
  'employeeType',
  'employeeIdentifier',
  'department',
  'costCenter',
  'company',
  'phoneNumbers',
  'addresses',
];
const scimOwned = OWNED.map((field) => ({ field, type: 'scim' }));
const fieldsOf = (items: unknown) => ((items ?? []) as { field: string; type: string }[]).map(({ field, type }) => ({ field, type }));

/** READ_ONLY_PROFILES: the bridge-owned fields are `restrictedFields` of type `scim` in JumpCloud. */
describe('read-only profiles', () => {
  describe('READ_ONLY_PROFILES=true', () => {
    let h: BridgeHarness;
    beforeAll(async () => {
      h = await startBridgeHarness({ env: { READ_ONLY_PROFILES: 'true' } });
    });
    afterAll(() => h.close());
    beforeEach(() => {
      resetEmulator(h);
      h.resetRequests();
    });

    it('marks every mapped field JumpCloud can lock on create, never password, state, custom attributes or unlockable fields', async () => {
      // The emulator enforces the spec's enum (restrictedFieldsCheck=spec-enum, its default): a
      // field outside it would make this create a 400.
      const created = await createThroughBridge(h, scimUser('owned', { name: { givenName: 'Own' } }));
      expect(fieldsOf(jumpcloudUser(h, created.id)?.restrictedFields)).toEqual(scimOwned);
      const fields = scimOwned.map((item) => item.field);
      for (const free of ['password', 'state', 'attributes', 'alternateEmail', 'external_dn', 'manager']) expect(fields).not.toContain(free);
    });

    it('PATCHes every owned attribute, the unlockable ones too, under the enforced enum', async () => {
      const manager = await createThroughBridge(h, scimUser('boss'));
      const created = await createThroughBridge(h, scimUser('worker'));
      await h
        .scim('patch', `/Users/${created.id}`)
        .send({
          schemas: [PATCH_OP],
          Operations: [
            { op: 'add', path: 'emails', value: [{ value: 'worker@home.example', type: 'home' }] },
            { op: 'replace', path: 'externalId', value: 'ext-worker' },
            { op: 'replace', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', value: { value: manager.id } },
          ],
        })
        .expect(200);
      expect(jumpcloudUser(h, created.id)).toMatchObject({ alternateEmail: 'worker@home.example', external_dn: 'ext-worker', manager: manager.id });
      expect(fieldsOf(jumpcloudUser(h, created.id)?.restrictedFields)).toEqual(scimOwned);
    });

    it('re-marks on an update, keeping another source’s restrictions, and adds nothing when already marked', async () => {
      // A user made outside the bridge, with a restriction of its own (an AD import).
      const made = await emulatorCall(h, 'post', '/api/systemusers')
        .send({ username: 'imported', email: 'imported@example.com', restrictedFields: [{ field: 'location', type: 'active_directory' }] })
        .expect(200);
      const id = made.body._id as string;
      h.resetRequests();
      await h.scim('patch', `/Users/${id}`).send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Analyst' }] }).expect(200);
      const [put] = jumpcloudWrites(h);
      expect(put?.body).toEqual({ jobTitle: 'Analyst', restrictedFields: [{ field: 'location', type: 'active_directory' }, ...scimOwned] });
      expect(fieldsOf(jumpcloudUser(h, id)?.restrictedFields)).toEqual([{ field: 'location', type: 'active_directory' }, ...scimOwned]);

      h.resetRequests();
      await h.scim('patch', `/Users/${id}`).send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Lead' }] }).expect(200);
      expect(jumpcloudWrites(h).map((w) => w.body)).toEqual([{ jobTitle: 'Lead' }]);
    });

    it('a PATCH that changes nothing writes nothing, restriction or not', async () => {
      const made = await emulatorCall(h, 'post', '/api/systemusers').send({ username: 'untouched', email: 'untouched@example.com', jobTitle: 'Same' }).expect(200);
      h.resetRequests();
      await h.scim('patch', `/Users/${made.body._id}`).send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Same' }] }).expect(200);
      expect(jumpcloudWrites(h)).toEqual([]);
    });
  });

  describe('default (READ_ONLY_PROFILES=false)', () => {
    let h: BridgeHarness;
    beforeAll(async () => {
      h = await startBridgeHarness();
    });
    afterAll(() => h.close());
    beforeEach(() => resetEmulator(h));

    it('sends no restrictedFields', async () => {
      h.resetRequests();
      const created = await createThroughBridge(h, scimUser('free'));
      await h.scim('patch', `/Users/${created.id}`).send({ schemas: [PATCH_OP], Operations: [{ op: 'replace', path: 'title', value: 'Free' }] }).expect(200);
      for (const write of jumpcloudWrites(h)) expect(write.body).not.toHaveProperty('restrictedFields');
      expect(jumpcloudUser(h, created.id)?.restrictedFields).toEqual([]);
    });
  });
});
