import { REDACTED, redact, redactText } from '../../src/logging/redact';

describe('redact', () => {
  it.each([
    ['x-api-key', 'jc-key'],
    ['authorization', 'Bearer abc'],
    ['Authorization', 'Basic abc'],
    ['password', 'hunter2'],
    ['client_secret', 's'],
    ['access_token', 't'],
    ['scimBearerTokens', ['a', 'b']],
    ['apiKey', 'k'],
  ])('replaces the value under %s', (key, value) => {
    expect(redact({ [key]: value })).toEqual({ [key]: REDACTED });
  });

  it('walks nested objects and arrays, leaving the rest intact', () => {
    const input = { headers: { 'x-api-key': 'k', accept: 'application/json' }, users: [{ username: 'ada', password: 'p' }], count: 2 };
    expect(redact(input)).toEqual({ headers: { 'x-api-key': REDACTED, accept: 'application/json' }, users: [{ username: 'ada', password: REDACTED }], count: 2 });
  });

  it('scrubs credentials and known secret values inside text', () => {
    expect(redactText('sent Authorization: Bearer abc.def-123 upstream')).toBe(`sent Authorization: Bearer ${REDACTED} upstream`);
    expect(redact({ message: 'key jc-live-0123456789 was refused' }, ['jc-live-0123456789'])).toEqual({ message: `key ${REDACTED} was refused` });
  });

  it('turns errors into plain objects and survives cycles', () => {
    const cyclic: Record<string, unknown> = { name: 'x' };
    cyclic.self = cyclic;
    expect(redact(cyclic)).toEqual({ name: 'x', self: '[Circular or too deep]' });
    const out = redact(new Error('token secret-value-123 leaked'), ['secret-value-123']) as { message: string };
    expect(out.message).toBe(`token ${REDACTED} leaked`);
  });

  it('keeps empty and null secret fields as they are (nothing to hide)', () => {
    expect(redact({ password: '', token: null })).toEqual({ password: '', token: null });
  });
});
