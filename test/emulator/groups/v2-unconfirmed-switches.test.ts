import request from 'supertest';
import { createEmulator } from '../../../emulator/app';
import { apiKeyActor } from '../../../emulator/default-options';

const KEY = 'v2-switches-key';

/** An emulator with groups Bravo, alpha, Charlie (created in that order) and one member of each. */
async function setup() {
  const { app, ctx } = createEmulator({ apiKey: KEY });
  const get = (path: string) => request(app).get(`/api/v2${path}`).set('x-api-key', KEY);
  const flip = (body: object) => request(app).patch('/__emulator/options').set('x-api-key', KEY).send(body).expect(200);
  const userId = ctx.users.create({ username: 'amy', email: 'amy@example.com' }, apiKeyActor(ctx.options))._id as string;
  for (const name of ['Bravo', 'alpha', 'Charlie']) {
    const res = await request(app).post('/api/v2/usergroups').set('x-api-key', KEY).send({ name }).expect(201);
    ctx.groups.addMember(res.body.id as string, userId, apiKeyActor(ctx.options));
  }
  return { get, flip, userId };
}

const names = (body: { name: string }[]) => body.map((group) => group.name);

describe('unconfirmedSort on v2 lists', () => {
  it('honours a sort by default', async () => {
    const { get } = await setup();
    expect(names((await get('/usergroups?sort=-name').expect(200)).body)).toEqual(['alpha', 'Charlie', 'Bravo', 'All Users']);
  });

  it('ignore answers the default (creation) order', async () => {
    const { get, flip } = await setup();
    await flip({ unconfirmedSort: 'ignore' });
    expect(names((await get('/usergroups?sort=-name').expect(200)).body)).toEqual(['All Users', 'Bravo', 'alpha', 'Charlie']);
    expect(names((await get('/usergroups?sort=name&limit=2&skip=2').expect(200)).body)).toEqual(['alpha', 'Charlie']);
  });

  it.each(['/usergroups?sort=name', '/usergroups?sort=_id', '/users/{user}/memberof?sort=-id'])('refuse answers 400 to %s; no sort is still fine', async (path) => {
    const { get, flip, userId } = await setup();
    await flip({ unconfirmedSort: 'refuse' });
    const res = await get(path.replace('{user}', userId)).expect(400);
    expect(res.body).toEqual({ message: 'Bad Request: invalid sort' });
    await get(path.replace('{user}', userId).replace(/[?&]sort=[^&]*/, '')).expect(200);
  });

  it('refuse answers 400 to a sorted membership list', async () => {
    const { get, flip } = await setup();
    const [group] = (await get('/usergroups?filter=name:eq:Bravo').expect(200)).body as { id: string }[];
    await flip({ unconfirmedSort: 'refuse' });
    await get(`/usergroups/${group?.id}/membership?sort=id`).expect(400);
    await get(`/usergroups/${group?.id}/membership`).expect(200);
  });
});

describe('v2FilterForm', () => {
  const indexed = `/usergroups?${new URLSearchParams([['filter[0]', 'name:search:a'], ['filter[1]', 'name:ne:Bravo']]).toString()}`;
  const repeated = `/usergroups?${new URLSearchParams([['filter', 'name:search:a'], ['filter', 'name:ne:Bravo']]).toString()}`;

  it('any (default) ANDs the indexed and the repeated form alike', async () => {
    const { get } = await setup();
    expect(names((await get(indexed).expect(200)).body)).toEqual(['All Users', 'alpha', 'Charlie']);
    expect(names((await get(repeated).expect(200)).body)).toEqual(['All Users', 'alpha', 'Charlie']);
  });

  it('repeated-only answers 400 to the indexed form, on every v2 list, and keeps the repeated one', async () => {
    const { get, flip, userId } = await setup();
    await flip({ v2FilterForm: 'repeated-only' });
    await get(indexed).expect(400);
    await get(`/usergroups?${encodeURI('filter[0]=name:eq:Bravo')}`).expect(400);
    await get(`/users/${userId}/memberof?${encodeURI('filter[0]=type:eq:user_group')}`).expect(400);
    expect(names((await get(repeated).expect(200)).body)).toEqual(['All Users', 'alpha', 'Charlie']);
    await get(`/users/${userId}/memberof?filter=type:eq:user_group`).expect(200);
  });
});

describe('v2SearchOperator on the route', () => {
  it('is read per request: regex makes a dot match any character, and an invalid one a 400', async () => {
    const { get, flip } = await setup();
    expect(names((await get(`/usergroups?filter=${encodeURIComponent('name:search:b.a')}`).expect(200)).body)).toEqual([]);
    await flip({ v2SearchOperator: 'regex' });
    expect(names((await get(`/usergroups?filter=${encodeURIComponent('name:search:^b.a')}`).expect(200)).body)).toEqual(['Bravo']);
    await get(`/usergroups?filter=${encodeURIComponent('name:search:(b')}`).expect(400);
    await flip({ v2SearchOperator: 'wildcard' });
    expect(names((await get(`/usergroups?filter=${encodeURIComponent('name:search:b?a')}`).expect(200)).body)).toEqual(['Bravo']);
  });
});
