import { loadUserMapping, MappingDocumentError, JUMPCLOUD_USER_EXTENSION_URN, type MappingDocument } from '../../src/mapping';
import defaultDocument from '../../src/mapping/default.mapping.json';
import { URN } from '../../src/scim/scim-urns';
import cases from './mapping-document.cases.json';

interface Case {
  name: string;
  patch?: Record<string, unknown>;
  append?: Record<string, unknown>;
  error?: string;
  errorContains?: string;
}

const withCustom = (custom: MappingDocument['customAttributes']): MappingDocument => ({ ...(defaultDocument as MappingDocument), customAttributes: custom });

describe('mapping document: validated at boot, failing fast at the entry', () => {
  it.each((cases as Case[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const document = { ...structuredClone(defaultDocument), ...c.patch } as Record<string, unknown>;
    if (c.append) document.attributes = [...(document.attributes as unknown[]), c.append];
    let thrown: unknown;
    try {
      loadUserMapping(document);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(MappingDocumentError);
    if (c.error !== undefined) expect((thrown as Error).message).toBe(c.error);
    if (c.errorContains !== undefined) expect((thrown as Error).message).toContain(c.errorContains);
  });

  it('requires userName and emails', () => {
    const attributes = defaultDocument.attributes.filter((entry) => entry.kind !== 'emails');
    expect(() => loadUserMapping({ ...defaultDocument, attributes })).toThrow('Mapping document is invalid at /attributes: emails must be mapped (JumpCloud requires an e-mail address).');
  });
});

describe('served schemas (selected from the RFC 7643 catalog)', () => {
  const mapping = loadUserMapping();
  const [core, enterprise, custom] = mapping.schemas;

  it('lists every mapped core attribute, with id/externalId/meta, and nothing unmapped', () => {
    expect(core?.id).toBe(URN.user);
    expect(core?.attributes.map((attribute) => attribute.name)).toEqual([
      'id', 'externalId', 'userName', 'name', 'displayName', 'title', 'userType', 'active', 'password', 'emails', 'phoneNumbers', 'addresses', 'groups', 'meta',
    ]);
    const byName = Object.fromEntries((core?.attributes ?? []).map((attribute) => [attribute.name, attribute]));
    expect(byName.userName).toMatchObject({ required: true, uniqueness: 'server', caseExact: false });
    expect(byName.password).toMatchObject({ mutability: 'writeOnly', returned: 'never' });
    expect(byName.emails).toMatchObject({ required: true, multiValued: true });
    expect(byName.emails?.subAttributes?.map((sub) => sub.name)).toEqual(['value', 'type', 'primary']);
    expect(byName.name?.subAttributes?.map((sub) => sub.name)).toEqual(['familyName', 'givenName', 'middleName']);
  });

  it('lists the enterprise attributes mapped, manager.displayName readOnly', () => {
    expect(enterprise?.id).toBe(URN.enterpriseUser);
    expect(enterprise?.attributes.map((attribute) => attribute.name)).toEqual(['employeeNumber', 'costCenter', 'organization', 'department', 'manager']);
    expect(enterprise?.attributes.find((attribute) => attribute.name === 'manager')?.subAttributes).toEqual([
      expect.objectContaining({ name: 'value' }),
      expect.objectContaining({ name: 'displayName', mutability: 'readOnly' }),
    ]);
  });

  it('serves custom attributes under the project extension and round-trips them', () => {
    const withBadge = loadUserMapping(withCustom([{ name: 'badge' }, { name: 'remote', jumpcloud: 'isRemote', type: 'boolean', required: true }]));
    const extension = withBadge.schemas[2];
    expect(extension?.id).toBe(JUMPCLOUD_USER_EXTENSION_URN);
    expect(extension?.attributes).toEqual([
      expect.objectContaining({ name: 'badge', type: 'string', caseExact: false, mutability: 'readWrite', required: false }),
      expect.objectContaining({ name: 'remote', type: 'boolean', required: true }),
      expect.objectContaining({ name: 'passwordPending', type: 'boolean', mutability: 'readOnly', required: false }),
    ]);
    expect(withBadge.resourceType.extensions.map((e) => [e.schema.id, e.required])).toEqual([[URN.enterpriseUser, false], [JUMPCLOUD_USER_EXTENSION_URN, true]]);
    const resource = withBadge.validateInbound({ userName: 'u', emails: [{ value: 'u@x.io' }], [JUMPCLOUD_USER_EXTENSION_URN]: { Badge: 'B-7', remote: 'True' } });
    const body = withBadge.toCreateBody(resource);
    expect(body.attributes).toEqual([{ name: 'badge', value: 'B-7' }, { name: 'isRemote', value: 'true' }]);
    const rendered = withBadge.toScim({ _id: 'a'.repeat(24), username: 'u', email: 'u@x.io', attributes: [...(body.attributes ?? []), { name: 'other', value: 'kept' }] });
    expect(rendered[JUMPCLOUD_USER_EXTENSION_URN]).toEqual({ badge: 'B-7', remote: true });
    expect(rendered.schemas).toContain(JUMPCLOUD_USER_EXTENSION_URN);
    expect(() => withBadge.validateInbound({ userName: 'u', emails: [{ value: 'u@x.io' }], [JUMPCLOUD_USER_EXTENSION_URN]: { remote: 'maybe' } })).toThrow(
      `Attribute "${JUMPCLOUD_USER_EXTENSION_URN}:remote" must be a boolean (true or false).`,
    );
  });

  it('the default extension has only the read-only passwordPending attribute', () => {
    expect(custom?.attributes).toEqual([expect.objectContaining({ name: 'passwordPending', type: 'boolean', mutability: 'readOnly' })]);
  });

  it('refuses a custom attribute that would shadow passwordPending', () => {
    expect(() => loadUserMapping(withCustom([{ name: 'PasswordPending', jumpcloud: 'pending' }]))).toThrow('/customAttributes/0: SCIM name "PasswordPending" is reserved');
  });
});

describe('fieldsFor: JumpCloud fields for a projection', () => {
  const mapping = loadUserMapping();
  it.each([
    [{}, undefined],
    [{ attributes: ['userName'] }, ['_id', 'username', 'attributes', 'created']],
    [{ attributes: ['name.givenName', 'EMAILS'] }, ['_id', 'username', 'attributes', 'created', 'firstname', 'lastname', 'middlename', 'email', 'alternateEmail']],
    [{ attributes: ['active', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager'] }, ['_id', 'username', 'attributes', 'created', 'state', 'manager']],
    [{ attributes: ['department', 'externalId'] }, ['_id', 'username', 'attributes', 'created', 'department', 'external_dn']],
    [{ attributes: ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'] }, ['_id', 'username', 'attributes', 'created', 'employeeIdentifier', 'department', 'costCenter', 'company', 'manager']],
    [{ attributes: ['nosuch'] }, ['_id', 'username', 'attributes', 'created']],
  ])('%j -> %j', (projection, fields) => {
    const answer = mapping.fieldsFor(projection);
    if (fields === undefined) expect(answer).toBeUndefined();
    else expect([...(answer ?? [])].sort()).toEqual([...fields].sort());
  });

  it('excludedAttributes leaves their fields out', () => {
    const fields = mapping.fieldsFor({ excludedAttributes: ['addresses', 'phoneNumbers', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'] }) ?? [];
    expect(fields).toEqual(expect.arrayContaining(['_id', 'username', 'email', 'firstname', 'state', 'external_dn']));
    for (const gone of ['addresses', 'phoneNumbers', 'manager', 'department', 'employeeIdentifier']) expect(fields).not.toContain(gone);
  });
});

describe('restrictedFields: what READ_ONLY_PROFILES locks', () => {
  const withLocks = (restrictedFields: string[] | undefined, attributes = defaultDocument.attributes): MappingDocument =>
    ({ ...(defaultDocument as MappingDocument), attributes: attributes as MappingDocument['attributes'], ...(restrictedFields ? { restrictedFields } : {}) });

  it('defaults to every written field JumpCloud can lock: not alternateEmail, external_dn, manager or password', () => {
    expect(loadUserMapping().resolved.restrictedFields).toEqual([
      'username', 'email', 'displayname', 'firstname', 'lastname', 'middlename', 'jobTitle', 'employeeType',
      'employeeIdentifier', 'department', 'costCenter', 'company', 'phoneNumbers', 'addresses',
    ]);
  });

  it('the default follows the mapping: an unmapped field is not locked, a mapped lockable one is', () => {
    const attributes = [...defaultDocument.attributes.filter((entry) => entry.kind !== 'addresses'), { kind: 'scalar', scim: 'nickName', jumpcloud: 'location' }];
    const locked = loadUserMapping(withLocks(undefined, attributes as typeof defaultDocument.attributes)).resolved.restrictedFields;
    expect(locked).toContain('location');
    expect(locked).not.toContain('addresses');
  });

  it('takes an explicit list, password included when the mapping writes it, and [] locks nothing', () => {
    expect(loadUserMapping(withLocks(['email', 'username', 'password'])).resolved.restrictedFields).toEqual(['email', 'username', 'password']);
    expect(loadUserMapping(withLocks([])).resolved.restrictedFields).toEqual([]);
  });

  it('refuses password when the mapping does not write it', () => {
    const attributes = defaultDocument.attributes.filter((entry) => entry.kind !== 'password');
    expect(() => loadUserMapping(withLocks(['password'], attributes))).toThrow('/restrictedFields/0: "password" is not written by this mapping');
  });
});
