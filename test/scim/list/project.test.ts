import { compileProjection, project, ProjectionCache } from '../../../src/scim/list/project';
import type { ScimResource } from '../../../src/scim/scim-urns';
import { userResourceType } from '../support/user-resource-type';
import cases from './project.cases.json';
import fixture from './projection.fixture.json';

interface ProjectionCase {
  name: string;
  attributes?: string[];
  excludedAttributes?: string[];
  expect?: Record<string, unknown>;
  present?: (string | number)[][];
  absent?: (string | number)[][];
  schemas?: string[];
}

const resourceType = userResourceType();
const resource = fixture as ScimResource;

function at(value: unknown, path: (string | number)[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

describe('project (RFC 7644 §3.4.2.5, RFC 7643 §7 returned)', () => {
  it('has a meaningful table', () => {
    expect((cases as ProjectionCase[]).length).toBeGreaterThanOrEqual(30);
    for (const row of cases as ProjectionCase[]) expect(row.expect ?? row.present ?? row.absent).toBeDefined();
  });

  it.each((cases as ProjectionCase[]).map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const before = JSON.stringify(resource);
    const output = project(resource, { attributes: row.attributes, excludedAttributes: row.excludedAttributes }, resourceType);
    if (row.expect) expect(output).toEqual(row.expect);
    for (const path of row.present ?? []) expect(at(output, path)).toEqual(at(resource, path));
    for (const path of row.absent ?? []) expect(at(output, path)).toBeUndefined();
    if (row.schemas) expect(output.schemas).toEqual(row.schemas);
    expect(JSON.stringify(resource)).toBe(before);
  });

  it('takes the schemas as a list with the core schema first, as filter and PATCH do', () => {
    const list = [resourceType.schema, ...resourceType.extensions.map((extension) => extension.schema)];
    for (const row of cases as ProjectionCase[]) {
      const request = { attributes: row.attributes, excludedAttributes: row.excludedAttributes };
      expect(project(resource, request, list)).toEqual(project(resource, request, resourceType));
    }
  });

  it('keeps the input key order', () => {
    const output = project(resource, {}, resourceType);
    expect(Object.keys(output)).toEqual(Object.keys(resource).filter((key) => key !== 'password'));
  });

  it('keeps an attribute the schema does not define by default, and drops it when attributes are named', () => {
    const withStray = { ...resource, nonSchema: 1 };
    expect(project(withStray, {}, resourceType)).toHaveProperty('nonSchema', 1);
    expect(project(withStray, { attributes: ['userName'] }, resourceType)).not.toHaveProperty('nonSchema');
  });

  it('compiled once, projects every resource of a page as project does each (keys met in any order and spelling)', () => {
    const variants: ScimResource[] = [
      resource,
      { ...resource, Emails: [{ value: 'x@example.com', type: 'work' }], emails: undefined },
      { schemas: resource.schemas, id: 'u2', NAME: { GIVENNAME: 'Ann' }, 'URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER': { department: 'Ops' } },
      { schemas: resource.schemas, id: 'u3', meta: { resourceType: 'User' } },
    ];
    for (const row of cases as ProjectionCase[]) {
      const request = { attributes: row.attributes, excludedAttributes: row.excludedAttributes };
      const projector = compileProjection(request, resourceType);
      for (const variant of [...variants, ...variants]) expect(projector(variant)).toEqual(project(variant, request, resourceType));
    }
  });

  it('leaves out an empty object inside a complex attribute even when every sub-attribute is kept', () => {
    const withEmpty = { ...resource, name: {}, emails: [{}, { value: 'a@example.com' }], phoneNumbers: [{}] } as ScimResource;
    const output = project(withEmpty, { excludedAttributes: ['groups'] }, resourceType);
    expect(output).not.toHaveProperty('name');
    expect(output.emails).toEqual([{ value: 'a@example.com' }]);
    expect(output).not.toHaveProperty('phoneNumbers');
  });

  it('serves an unchanged complex value equal to the input, and never changes the input', () => {
    const before = JSON.stringify(resource);
    const output = project(resource, { excludedAttributes: ['groups'] }, resourceType);
    expect(output.emails).toEqual(resource.emails);
    expect(output.name).toEqual(resource.name);
    expect(JSON.stringify(resource)).toBe(before);
  });
});

describe('ProjectionCache', () => {
  it('answers the same projector for the same request, and a projector that projects as project does', () => {
    const cache = new ProjectionCache(resourceType);
    const request = { attributes: ['userName', 'emails.value'], excludedAttributes: ['groups'] };
    const projector = cache.projectorFor(request);
    expect(cache.projectorFor({ ...request })).toBe(projector);
    expect(cache.projectorFor({ attributes: ['userName'] })).not.toBe(projector);
    expect(projector(resource)).toEqual(project(resource, request, resourceType));
  });

  it('stays bounded when every request asks another projection', () => {
    const cache = new ProjectionCache(resourceType);
    const first = cache.projectorFor({ attributes: ['userName'] });
    for (let n = 0; n < 100; n += 1) cache.projectorFor({ attributes: ['userName', `x${n}`] });
    expect(cache.projectorFor({ attributes: ['userName'] })).not.toBe(first);
  });
});
