import { loadUserMapping } from '../../src/mapping';
import { ScimError } from '../../src/scim/scim-error';
import cases from './inbound.cases.json';

const mapping = loadUserMapping();

interface Case {
  name: string;
  body: unknown;
  expect?: Record<string, unknown>;
  create?: Record<string, unknown>;
  error?: string;
  createError?: string;
}

function invalidValue(run: () => unknown): ScimError {
  let thrown: unknown;
  try {
    run();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(ScimError);
  expect((thrown as ScimError).status).toBe(400);
  expect((thrown as ScimError).scimType).toBe('invalidValue');
  return thrown as ScimError;
}

describe('validateInbound and toCreateBody on what real clients send (CLIENTS.md)', () => {
  it.each((cases as Case[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    if (c.error !== undefined) {
      expect(invalidValue(() => mapping.validateInbound(c.body)).message).toBe(c.error);
      return;
    }
    const resource = mapping.validateInbound(c.body);
    if (c.expect) expect(resource).toEqual(c.expect);
    if (c.createError !== undefined) {
      expect(invalidValue(() => mapping.toCreateBody(resource)).message).toBe(c.createError);
      return;
    }
    expect(mapping.toCreateBody(resource)).toEqual(c.create);
  });

  it('answers invalidSyntax for a body that is not an object', () => {
    expect(() => mapping.validateInbound('[]')).toThrow(expect.objectContaining({ scimType: 'invalidSyntax' }));
  });

  it('exposes the username rule to the provider for its uniqueness check', () => {
    expect(mapping.deriveUsername('Jane.Doe@x.io')).toBe(mapping.deriveUsername('jane.doe@other.example'));
  });
});
