// The loader and helpers every other fidelity suite stands on: if these are wrong, the suites
// could pass while checking nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkQuery } from './support/query-check';
import { REAL_WORLD_NULLS } from './support/real-world-nulls';
import { compileSpecSchema, definitionValidator, validationErrors } from './support/spec-ajv';
import { specDir } from './support/spec-location';
import { findOperation } from './support/spec-operations';
import { loadSpec, resolveRef } from './support/swagger-loader';

const ID = '5f1b2c3d4e5f60718293a4b5';

describe('spec location', () => {
  const saved = process.env.JUMPCLOUD_SPEC_DIR;
  afterEach(() => {
    if (saved === undefined) delete process.env.JUMPCLOUD_SPEC_DIR;
    else process.env.JUMPCLOUD_SPEC_DIR = saved;
  });

  it('finds the three documents', () => {
    expect(() => specDir()).not.toThrow();
  });

  it('fails loudly, naming the folder and the fix, when the documents are missing', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-spec-'));
    try {
      process.env.JUMPCLOUD_SPEC_DIR = empty;
      expect(() => specDir()).toThrow(/JumpCloud\.SDK\.V1\.json.*missing in .*no-spec-.*JUMPCLOUD_SPEC_DIR/s);
    } finally {
      rmSync(empty, { recursive: true });
    }
  });
});

describe('Swagger -> JSON Schema', () => {
  it('loads Swagger 2.0 with each basePath', () => {
    expect(loadSpec('v1').doc.basePath).toBe('/api/');
    expect(loadSpec('v2').doc.basePath).toBe('/api/v2/');
    expect(loadSpec('insights').doc.basePath).toBe('/insights/directory/v1');
  });

  it('turns x-nullable into a nullable type, and only there', () => {
    const user = definitionValidator('v1', 'systemuserreturn');
    expect(validationErrors(user, { _id: ID, password_date: null, admin: null, delegatedAuthority: null })).toEqual([]);
    // `created` carries no x-nullable: null stays an error.
    expect(validationErrors(user, { _id: ID, created: null })).toEqual([expect.stringContaining('/created must be string')]);
  });

  it('applies every real-world null, and nothing broader', () => {
    expect(validationErrors(definitionValidator('v1', 'systemuserreturn'), { _id: ID, employeeIdentifier: null })).toEqual([]);
    expect(validationErrors(definitionValidator('v2', 'UserGroup'), { id: ID, attributes: null })).toEqual([]);
    expect(validationErrors(definitionValidator('v2', 'GraphConnection'), { attributes: null, to: { id: ID, type: 'user', attributes: null } })).toEqual([]);
    expect(validationErrors(definitionValidator('v2', 'UserGroup'), { id: ID, name: null })).not.toEqual([]);
    for (const entry of REAL_WORLD_NULLS) expect(entry.seen).toMatch(/NOTES\.md/);
  });

  it('resolves $ref between definitions (GraphConnection -> GraphObject requires id and type)', () => {
    const connection = definitionValidator('v2', 'GraphConnection');
    expect(validationErrors(connection, { to: { type: 'user' } })).toEqual([expect.stringContaining("must have required property 'id'")]);
    expect(resolveRef(`${loadSpec('v2').id}#/definitions/GraphObject`)).toHaveProperty('required', ['type', 'id']);
  });

  it('checks the formats the spec declares', () => {
    const query = definitionValidator('insights', 'EventQuery');
    expect(validationErrors(query, { service: ['directory'], start_time: '2026-01-01T00:00:00Z' })).toEqual([]);
    expect(validationErrors(query, { service: ['directory'], start_time: 'yesterday' })).toEqual([expect.stringContaining('format')]);
  });
});

describe('findOperation', () => {
  it('matches a template against a concrete path, across the three basePaths', () => {
    const get = findOperation('GET', `/api/systemusers/${ID}`);
    expect([get.spec, get.template, get.operationId]).toEqual(['v1', '/systemusers/{id}', 'User_Get']);
    expect(findOperation('POST', `/api/systemusers/${ID}/state/activate`).template).toBe('/systemusers/{id}/state/activate');
    expect(findOperation('GET', `/api/v2/usergroups/${ID}/members?limit=5`).template).toBe('/usergroups/{group_id}/members');
    expect(findOperation('POST', '/insights/directory/v1/events').operationId).toBe('Event_Get');
  });

  it('returns the 2xx response schema, the body schema and the query definitions', () => {
    const create = findOperation('POST', '/api/systemusers');
    expect([...create.success.keys()]).toEqual([200]);
    expect(create.bodySchema).toEqual({ $ref: `${loadSpec('v1').id}#/definitions/systemuserputpost` });
    const list = findOperation('GET', '/api/v2/usergroups');
    expect(list.query.limit).toMatchObject({ type: 'integer', description: expect.stringContaining('Limited to 100') });
    expect(list.query.filter).toMatchObject({ type: 'array' });
    expect(findOperation('GET', '/api/systemusers').query.filter).toMatchObject({ type: 'array', collectionFormat: 'multi' });
    const validate = compileSpecSchema(list.success.get(200) as Record<string, unknown>);
    expect(validationErrors(validate, [{ id: ID, name: 'x', type: 'user_group' }])).toEqual([]);
    expect(validationErrors(validate, { id: ID })).not.toEqual([]);
  });

  it('refuses an operation the spec does not document', () => {
    expect(() => findOperation('PATCH', `/api/systemusers/${ID}`)).toThrow(/documents no PATCH/);
    expect(() => findOperation('GET', '/elsewhere')).toThrow(/no JumpCloud spec/);
  });
});

describe('checkQuery', () => {
  const v1List = () => findOperation('GET', '/api/systemusers');
  const v2List = () => findOperation('GET', '/api/v2/usergroups');

  it.each([
    ['v1 paging, space separated sort and fields, AND filters', 'v1', [['limit', '100'], ['skip', '0'], ['sort', '_id -username'], ['fields', 'username email'], ['filter[0]', 'a:$eq:b'], ['filter[1]', 'c:$eq:d']], []],
    ['v1 limit over 100', 'v1', [['limit', '101']], ['User_List query limit: 101 exceeds the maximum 100']],
    ['v1 comma separated sort', 'v1', [['sort', '_id,username']], ['User_List query sort: "_id,username" is not a space separated field list']],
    ['v1 unknown name', 'v1', [['pageSize', '5']], [expect.stringContaining('pageSize: not a query parameter')]],
    ['v2 comma separated sort, v2 limit from the prose "Limited to 100"', 'v2', [['sort', 'name,-id'], ['limit', '100']], []],
    ['v2 space separated fields', 'v2', [['fields', 'name id']], [expect.stringContaining('comma separated')]],
    ['v2 limit over 100', 'v2', [['limit', '500']], ['UserGroup_List query limit: 500 exceeds the maximum 100']],
    ['v2 non-integer skip', 'v2', [['skip', 'x']], ['UserGroup_List query skip: "x" is not an integer']],
    ['v2 repeated sort (not multi)', 'v2', [['sort', 'name'], ['sort', 'id']], [expect.stringContaining('sent 2 times')]],
  ] as const)('%s', (_title, which, pairs, expected) => {
    const operation = which === 'v1' ? v1List() : v2List();
    expect(checkQuery(operation, pairs as unknown as [string, string][])).toEqual(expected);
  });
});
