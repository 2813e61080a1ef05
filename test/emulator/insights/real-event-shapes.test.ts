import { emulatorApi, type DiEvent } from '../support/emulator-api';

const OBJECT_ID = /^[0-9a-f]{24}$/;

/** A group with one member added then removed, read back from Directory Insights. */
async function membershipEvents(env: ReturnType<typeof emulatorApi>) {
  const user = await env.createUser({ username: 'john.doe', email: 'john.doe@example.com' });
  const group = (await env.call('post', '/api/v2/usergroups', { name: 'Sales EMEA' }).expect(201)).body as { id: string };
  await env.call('post', `/api/v2/usergroups/${group.id}/members`, { op: 'add', type: 'user', id: user._id }).expect(204);
  await env.call('post', `/api/v2/usergroups/${group.id}/members`, { op: 'remove', type: 'user', id: user._id }).expect(204);
  const associations = (await env.events()).filter((event) => event.event_type === 'association_change');
  return { user, group, associations };
}

describe('association_change, per associationEvent', () => {
  it('observed (default): no resource; association {op, action_source, connection {from: group, to: user}, attributes: null}', async () => {
    const env = emulatorApi();
    const { user, group, associations } = await membershipEvents(env);
    expect(associations).toHaveLength(2);
    for (const [event, op] of [[associations[0], 'add'], [associations[1], 'remove']] as const) {
      expect(Object.keys(event as DiEvent)).not.toContain('resource');
      expect(event?.association).toEqual({
        op,
        action_source: 'manual',
        connection: {
          from: { name: 'Sales EMEA', type: 'user_group', object_id: group.id },
          to: { name: 'john.doe', type: 'user', object_id: user._id },
        },
        attributes: null,
      });
    }
    // JumpCloud's report scripts find group memberships this way; so must a DI search.
    const found = await env.events({ and: [{ 'association.connection.from.type': 'user_group' }, { 'association.connection.to.object_id': user._id }] });
    expect(found.map((event) => (event.association as { op: string }).op)).toEqual(['add', 'remove']);
  });

  it('documented: the group is the resource, the ends carry id and type', async () => {
    const env = emulatorApi({ associationEvent: 'documented' });
    const { user, group, associations } = await membershipEvents(env);
    expect(associations.map((event) => [event.resource, event.association])).toEqual([
      [{ type: 'user_group', id: group.id, name: 'Sales EMEA' }, { op: 'add', connection: { from: { type: 'user_group', id: group.id }, to: { type: 'user', id: user._id } } }],
      [{ type: 'user_group', id: group.id, name: 'Sales EMEA' }, { op: 'remove', connection: { from: { type: 'user_group', id: group.id }, to: { type: 'user', id: user._id } } }],
    ]);
  });

  it('names the ends as they were when the edge changed (a later rename does not rewrite them)', async () => {
    const env = emulatorApi();
    const user = await env.createUser({ username: 'ren', email: 'ren@example.com' });
    const group = (await env.call('post', '/api/v2/usergroups', { name: 'Old name' }).expect(201)).body as { id: string };
    await env.call('post', `/api/v2/usergroups/${group.id}/members`, { op: 'add', type: 'user', id: user._id }).expect(204);
    await env.call('put', `/api/v2/usergroups/${group.id}`, { name: 'New name' }).expect(200);
    await env.call('put', `/api/systemusers/${user._id}`, { username: 'renamed' }).expect(200);
    await env.call('post', `/api/v2/usergroups/${group.id}/members`, { op: 'remove', type: 'user', id: user._id }).expect(204);
    const ends = (await env.events({ and: [{ event_type: 'association_change' }] })).map((event) => {
      const { from, to } = (event.association as { connection: { from: { name: string }; to: { name: string } } }).connection;
      return [from.name, to.name];
    });
    expect(ends).toEqual([
      ['Old name', 'ren'],
      ['New name', 'renamed'],
    ]);
  });

  it('a run-time flip shapes the next events only', async () => {
    const env = emulatorApi();
    const user = await env.createUser({ username: 'flip', email: 'flip@example.com' });
    const group = (await env.call('post', '/api/v2/usergroups', { name: 'Flip' }).expect(201)).body as { id: string };
    await env.call('post', `/api/v2/usergroups/${group.id}/members`, { op: 'add', type: 'user', id: user._id }).expect(204);
    await env.setOptions({ associationEvent: 'documented' });
    await env.call('post', `/api/v2/usergroups/${group.id}/members`, { op: 'remove', type: 'user', id: user._id }).expect(204);
    const [observed, documented] = await env.events({ and: [{ event_type: 'association_change' }] });
    expect(observed).not.toHaveProperty('resource');
    expect(observed?.association).toHaveProperty('action_source', 'manual');
    expect(documented?.resource).toEqual({ type: 'user_group', id: group.id, name: 'Flip' });
  });
});

describe('the top-level keys of every event (NOTES.md "Observed in real events")', () => {
  it('every event type the emulator records carries them, with the real values', async () => {
    const env = emulatorApi({ defaultUserState: 'STAGED' });
    const user = await env.createUser({ username: 'keys', email: 'keys@example.com' });
    await env.call('post', `/api/systemusers/${user._id}/state/activate`, {}).expect(200);
    await env.call('put', `/api/systemusers/${user._id}`, { suspended: true }).expect(200);
    await env.call('put', `/api/systemusers/${user._id}`, { suspended: false, password: 'Passw0rd-Set!' }).expect(200);
    const group = (await env.call('post', '/api/v2/usergroups', { name: 'Keys' }).expect(201)).body as { id: string };
    await env.call('put', `/api/v2/usergroups/${group.id}`, { name: 'Keys 2' }).expect(200);
    await env.call('post', `/api/v2/usergroups/${group.id}/members`, { op: 'add', type: 'user', id: user._id }).expect(204);
    await env.call('delete', `/api/v2/usergroups/${group.id}`).expect(204);
    await env.call('delete', `/api/systemusers/${user._id}`).expect(200);

    const events = await env.events();
    expect(new Set(events.map((event) => event.event_type)).size).toBe(11);
    for (const event of events) {
      expect({ type: event.event_type, ...event }).toMatchObject({
        type: event.event_type,
        '@version': '1',
        id: expect.stringMatching(OBJECT_ID),
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        organization: expect.stringMatching(OBJECT_ID),
        service: 'directory',
        success: true,
        client_ip: '127.0.0.1',
        useragent: expect.objectContaining({ name: 'emulator-test', major: '1', minor: '2', patch: '3' }),
        geoip: { country_code: '', timezone: 'UTC', region_code: '', region_name: '', continent_code: '', latitude: 0, longitude: 0 },
        provider: null,
        correlation: {},
        message_chain: {},
      });
    }
  });

  it('geoip, provider, correlation and message_chain can be asked for in fields and searched', async () => {
    const env = emulatorApi();
    await env.createUser({ username: 'fld', email: 'fld@example.com' });
    const res = await env
      .call('post', '/insights/directory/v1/events', { service: ['directory'], start_time: '2000-01-01T00:00:00Z', fields: ['geoip.timezone', 'provider', 'message_chain'] })
      .expect(200);
    expect(res.body).toEqual([{ 'geoip.timezone': 'UTC', provider: null, message_chain: {} }]);
    expect(await env.events({ and: [{ 'geoip.timezone': 'UTC' }] })).toHaveLength(1);
  });
});

describe('a suspend in Directory Insights', () => {
  it.each([
    ['state SUSPENDED', { state: 'SUSPENDED' }],
    ['suspended true', { suspended: true }],
  ])('(%s) lists both state and suspended, as JSON booleans, in user_update and user_suspended', async (_title, body) => {
    const env = emulatorApi();
    const user = await env.createUser({ username: 'susp', email: 'susp@example.com' });
    await env.call('put', `/api/systemusers/${user._id}`, body).expect(200);
    await env.call('put', `/api/systemusers/${user._id}`, { state: 'ACTIVATED' }).expect(200);
    const byType = (type: string) => (env.events({ and: [{ event_type: type }] }) as Promise<DiEvent[]>).then((events) => events.map((event) => event.changes));
    const suspend = [
      { field: 'state', from: 'ACTIVATED', to: 'SUSPENDED' },
      { field: 'suspended', from: false, to: true },
    ];
    const unsuspend = [
      { field: 'state', from: 'SUSPENDED', to: 'ACTIVATED' },
      { field: 'suspended', from: true, to: false },
    ];
    expect(await byType('user_update')).toEqual([suspend, unsuspend]);
    expect(await byType('user_suspended')).toEqual([suspend]);
    expect(await byType('user_unsuspended')).toEqual([unsuspend]);
  });
});
