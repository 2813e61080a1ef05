import request from 'supertest';
import { createEmulator } from '../../../emulator/app';
import { filterFromSearchBody, matches, withoutObjectIdMatches } from '../../../emulator/users/user-filter';

const KEY = 'users-switches-key';

/** An emulator with users cyd, amy, bob created in that order. */
async function setup() {
  const { app } = createEmulator({ apiKey: KEY });
  const call = {
    get: (path: string) => request(app).get(path).set('x-api-key', KEY),
    search: (body: object) => request(app).post('/api/search/systemusers').set('x-api-key', KEY).send(body),
    flip: (body: object) => request(app).patch('/__emulator/options').set('x-api-key', KEY).send(body).expect(200),
  };
  const ids: Record<string, string> = {};
  for (const username of ['cyd', 'amy', 'bob']) {
    const res = await request(app).post('/api/systemusers').set('x-api-key', KEY).send({ username, email: `${username}@example.com` }).expect(200);
    ids[username] = res.body._id as string;
  }
  return { call, ids };
}

const usernames = (body: { results: { username: string }[] }) => body.results.map((user) => user.username);

describe('unconfirmedSort on GET /api/systemusers', () => {
  it('honours every key by default', async () => {
    const { call } = await setup();
    expect(usernames((await call.get('/api/systemusers?sort=username').expect(200)).body)).toEqual(['amy', 'bob', 'cyd']);
  });

  it('ignore answers ascending _id for an unconfirmed key', async () => {
    const { call } = await setup();
    await call.flip({ unconfirmedSort: 'ignore' });
    expect(usernames((await call.get('/api/systemusers?sort=username').expect(200)).body)).toEqual(['cyd', 'amy', 'bob']);
    expect(usernames((await call.get(`/api/systemusers?sort=${encodeURIComponent('-created')}`).expect(200)).body)).toEqual(['cyd', 'amy', 'bob']);
  });

  it('refuse answers 400 to an unconfirmed key, never to _id or -_id', async () => {
    const { call } = await setup();
    await call.flip({ unconfirmedSort: 'refuse' });
    expect((await call.get('/api/systemusers?sort=-created').expect(400)).body).toEqual({ message: 'Bad Request: invalid sort' });
    await call.get(`/api/systemusers?sort=${encodeURIComponent('_id username')}`).expect(400);
    expect(usernames((await call.get('/api/systemusers?sort=-_id').expect(200)).body)).toEqual(['bob', 'amy', 'cyd']);
    expect(usernames((await call.get('/api/systemusers?sort=_id').expect(200)).body)).toEqual(['cyd', 'amy', 'bob']);
  });
});

describe('searchByObjectId on POST /api/search/systemusers', () => {
  it('matches ids given as strings by default', async () => {
    const { call, ids } = await setup();
    const res = await call.search({ filter: { or: [{ _id: ids.amy }, { _id: ids.bob }] } }).expect(200);
    expect(usernames(res.body)).toEqual(['amy', 'bob']);
  });

  it('matches-nothing matches no user on an _id condition, and the rest of the filter still works', async () => {
    const { call, ids } = await setup();
    await call.flip({ searchByObjectId: 'matches-nothing' });
    expect((await call.search({ filter: { or: [{ _id: ids.amy }, { _id: ids.bob }] } }).expect(200)).body).toEqual({ totalCount: 0, results: [] });
    expect(usernames((await call.search({ filter: { or: [{ _id: ids.amy }, { username: 'bob' }] } }).expect(200)).body)).toEqual(['bob']);
    expect(usernames((await call.search({ filter: [{ _id: { $ne: ids.amy } }] }).expect(200)).body)).toEqual(['cyd', 'amy', 'bob']);
    // GET by id is not a search: unaffected.
    await call.get(`/api/systemusers/${ids.amy}`).expect(200);
  });

  it('rewrites only _id conditions', () => {
    const record = { _id: 'a'.repeat(24), username: 'amy' };
    const filter = filterFromSearchBody({ and: [{ _id: 'a'.repeat(24) }, { username: 'amy' }] });
    expect(filter && matches(record, filter)).toBe(true);
    expect(filter && matches(record, withoutObjectIdMatches(filter))).toBe(false);
    const byName = filterFromSearchBody({ username: 'amy' });
    expect(byName && withoutObjectIdMatches(byName)).toEqual(byName);
  });
});
