import express from 'express';
import request from 'supertest';
import { createApp } from '../../src/http/app';
import { notFound, scimErrorHandler } from '../../src/http/error.middleware';
import { requestId } from '../../src/http/request-id.middleware';
import type { Logger } from '../../src/logging/logger';
import { ScimError } from '../../src/scim/scim-error';
import { captureLogger } from '../support/log-scan/capture-logger';

const captured = captureLogger();

describe('bridge HTTP app', () => {
  let ready = true;
  const app = createApp({
    logger: captured,
    health: { jumpcloud: 'emulator', version: '9.9.9' },
    readiness: async () => ({ ready, checks: { jumpcloud: { ok: ready, detail: ready ? 'fine' : 'JumpCloud rejected the API key (HTTP 401)' } } }),
  });

  it('answers /healthz with JSON', async () => {
    const res = await request(app).get('/healthz').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', jumpcloud: 'emulator', version: '9.9.9' });
  });

  it('answers /readyz 200 when ready and 503 when not', async () => {
    ready = true;
    // Anonymous: names and ok only (the details are the admin's, test/http/health-readiness-details.test.ts).
    expect((await request(app).get('/readyz').expect(200)).body).toEqual({ status: 'ready', jumpcloud: 'emulator', checks: { jumpcloud: { ok: true } } });
    ready = false;
    expect((await request(app).get('/readyz').expect(503)).body.status).toBe('not ready');
    ready = true;
  });

  it('echoes a sane x-request-id and replaces a junk one', async () => {
    expect((await request(app).get('/healthz').set('x-request-id', 'abc-123')).headers['x-request-id']).toBe('abc-123');
    const junk = await request(app).get('/healthz').set('x-request-id', 'bad id\twith spaces');
    expect(junk.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown routes with a SCIM 404 error body', async () => {
    const res = await request(app).get('/nope').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/scim\+json/);
    expect(res.body).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'No resource at GET /nope.' });
  });
});

describe('the one error middleware', () => {
  function appThrowing(error: unknown, parseJson = false, logger: Logger = captured): express.Express {
    const app = express();
    app.use(requestId());
    if (parseJson) app.use(express.json({ limit: '1kb' }));
    app.all('/boom', () => {
      throw error;
    });
    app.use(notFound());
    app.use(scimErrorHandler(logger));
    return app;
  }

  it('logs a 501 for an endpoint the service does not offer at info, without a stack; a real fault at error', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = captureLogger({ onLine: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    await request(appThrowing(ScimError.status(501, 'The /Me endpoint is not supported by this service provider.'), false, logger)).get('/boom').expect(501);
    expect(lines).toEqual([expect.objectContaining({ level: 'info', message: 'request rejected', status: 501 })]);
    expect(JSON.stringify(lines)).not.toContain('stack');
    lines.length = 0;
    await request(appThrowing(new Error('boom'), false, logger)).get('/boom').expect(500);
    expect(lines).toEqual([expect.objectContaining({ level: 'error', message: 'request failed' })]);
  });

  it('renders a ScimError with its status and scimType', async () => {
    const res = await request(appThrowing(ScimError.of('uniqueness', 'userName "ada" is taken.'))).get('/boom').expect(409);
    expect(res.body).toEqual({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '409', scimType: 'uniqueness', detail: 'userName "ada" is taken.' });
  });

  it('sends Retry-After when the error carries one', async () => {
    const res = await request(appThrowing(ScimError.status(503, 'JumpCloud is unavailable; retry later.', { retryAfterSeconds: 2.2 }))).get('/boom').expect(503);
    expect(res.headers['retry-after']).toBe('3');
  });

  it('turns malformed JSON into 400 invalidSyntax and an oversized body into 413', async () => {
    const bad = await request(appThrowing(null, true)).post('/boom').set('content-type', 'application/json').send('{"a":').expect(400);
    expect(bad.body.scimType).toBe('invalidSyntax');
    await request(appThrowing(null, true)).post('/boom').set('content-type', 'application/json').send(JSON.stringify({ a: 'x'.repeat(5000) })).expect(413);
  });

  it('hides unexpected errors behind a 500 that quotes the request id', async () => {
    const res = await request(appThrowing(new Error('ECONNREFUSED jumpcloud internals'))).get('/boom').set('x-request-id', 'r-42').expect(500);
    expect(res.body.detail).toBe('Internal error while serving the request; quote request id r-42 to the operator.');
    expect(JSON.stringify(res.body)).not.toContain('ECONNREFUSED');
  });

  const hostile = {
    get type(): string {
      throw new Error('a getter that throws while the error is inspected');
    },
  };
  // Express treats a thrown null/undefined as "no error"; everything else must come out as a 500.
  it.each([['a string'], [42], [{ weird: true }], [Object.create(null)], [hostile]].map((v, i) => [i, v[0]]))('never throws, whatever is thrown (case %i)', async (_i, thrown) => {
    const res = await request(appThrowing(thrown)).get('/boom').expect(500);
    expect(res.body).toMatchObject({ status: '500' });
  });
});
