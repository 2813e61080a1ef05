import { JumpCloudError, type JumpCloudErrorKind } from '../../src/jumpcloud';
import { toScimError, type UpstreamErrorContext } from '../../src/mapping';
import { ScimError } from '../../src/scim/scim-error';
import cases from './upstream-error.cases.json';

interface Case {
  name: string;
  error: { kind: JumpCloudErrorKind; status?: number; message: string; retryAfterSeconds?: number; code?: string };
  context: UpstreamErrorContext;
  status: number;
  scimType?: string;
  detail?: string;
  detailContains?: string;
  retryAfterSeconds?: number;
}

describe('toScimError: upstream failures become SCIM errors in one place', () => {
  it.each((cases as Case[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const upstream = new JumpCloudError({ ...c.error, method: 'GET', path: '/api/systemusers' });
    const error = toScimError(upstream, c.context);
    expect(error).toBeInstanceOf(ScimError);
    expect(error.status).toBe(c.status);
    expect(error.scimType).toBe(c.scimType);
    if (c.detail !== undefined) expect(error.message).toBe(c.detail);
    if (c.detailContains !== undefined) expect(error.message).toContain(c.detailContains);
    // JumpCloud's own words never reach the client.
    expect(error.message).not.toContain(c.error.message);
    if (c.status === 503) expect(error.retryAfterSeconds).toBe(c.retryAfterSeconds ?? 5);
    else expect(error.retryAfterSeconds).toBeUndefined();
  });

  it('passes a ScimError through unchanged', () => {
    const original = ScimError.of('invalidFilter', 'bad filter');
    expect(toScimError(original, { operation: 'list', resourceType: 'User' })).toBe(original);
  });

  it.each([[new Error('boom')], ['a string'], [undefined], [{ status: 404 }]])('turns anything else (%p) into a 500 without its text', (thrown) => {
    const error = toScimError(thrown, { operation: 'get', resourceType: 'User', id: 'abc' });
    expect(error.status).toBe(500);
    expect(error.message).not.toContain('boom');
  });
});
