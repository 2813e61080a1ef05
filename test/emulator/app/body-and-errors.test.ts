import express from 'express';
import request from 'supertest';
import { createEmulator } from '../../../emulator/app';
import { EmulatorHttpError } from '../../../emulator/context';
import { errorHandler } from '../../../emulator/http/error-handler';

const KEY = 'test-key-body';

describe('JSON bodies', () => {
  const { app, ctx } = createEmulator({ apiKey: KEY });
  afterEach(() => ctx.reset());

  it('answers a malformed body with 400 {message}', async () => {
    const res = await request(app).post('/api/systemusers').set('x-api-key', KEY).set('Content-Type', 'application/json').send('{"username": ');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ message: expect.stringContaining('not valid JSON') });
  });

  it('refuses a body over the API limit with 413', async () => {
    const res = await request(app)
      .post('/api/systemusers')
      .set('x-api-key', KEY)
      .send({ username: 'big', email: 'big@example.com', description: 'x'.repeat(1_100_000) });
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ message: expect.any(String) });
  });

  it('accepts a seed far over the API limit on /__emulator/seed', async () => {
    const users = Array.from({ length: 1500 }, (_, i) => ({ username: `s${i}`, email: `s${i}@example.com`, description: 'd'.repeat(1000) }));
    const res = await request(app).post('/__emulator/seed').set('x-api-key', KEY).send({ users });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ users: 1500, groups: 0 });
  });
});

describe('error handler', () => {
  function appThrowing(error: unknown) {
    const app = express();
    app.get('/boom', () => {
      throw error;
    });
    app.use(errorHandler());
    return app;
  }

  it('answers an EmulatorHttpError with its status and body', async () => {
    const res = await request(appThrowing(new EmulatorHttpError(409, { message: 'Already Exists' }))).get('/boom');
    expect([res.status, res.body]).toEqual([409, { message: 'Already Exists' }]);
  });

  it.each([[new Error('secret detail')], ['a string'], [42], [{ status: 200, type: 'weird' }]])('answers anything else (%p) with a bare 500', async (error) => {
    const res = await request(appThrowing(error)).get('/boom');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ message: 'Internal Server Error' });
    expect(res.text).not.toContain('secret detail');
  });

  it('answers unknown routes under the API with 404 {"message":"Not Found"}', async () => {
    const { app } = createEmulator({ apiKey: KEY });
    const res = await request(app).get('/api/nothing/here').set('x-api-key', KEY);
    expect([res.status, res.body]).toEqual([404, { message: 'Not Found' }]);
  });
});
