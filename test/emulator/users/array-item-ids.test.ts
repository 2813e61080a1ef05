import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmulatorOptions } from '../../../emulator/context';
import { withItemIds } from '../../../emulator/users/array-item-ids';
import { emulatorApi } from '../support/emulator-api';

interface ItemCase {
  name: string;
  mode: EmulatorOptions['arrayItemIds'];
  field: string;
  items: Record<string, unknown>[];
  /** `<new:n>` stands for the n-th id the generator handed out. */
  expected: Record<string, unknown>[];
}

const { cases } = JSON.parse(readFileSync(join(__dirname, 'array-item-ids.cases.json'), 'utf8')) as { cases: ItemCase[] };
const OBJECT_ID = /^[0-9a-f]{24}$/;

describe('withItemIds', () => {
  it.each(cases)('$name', ({ mode, field, items, expected }) => {
    let next = 0;
    const newId = () => `new:${(next += 1)}`;
    const stored = withItemIds(field, structuredClone(items), mode, newId);
    expect(stored).toEqual(JSON.parse(JSON.stringify(expected).replace(/<(new:\d+)>/g, '$1')));
  });
});

type Item = Record<string, unknown> & { id?: string; _id?: string };
const idsOf = (items: unknown) => (items as Item[]).map((item) => item.id);

const BODY = {
  username: 'items',
  email: 'items@example.com',
  // A client's own ids (e.g. copied from a GET) are not kept: JumpCloud assigns its own.
  attributes: [{ name: 'Division', value: 'Sales', id: 'client-id', _id: 'client-id' }],
  addresses: [{ type: 'home', country: 'FR' }, { type: 'work', locality: 'Paris', id: '0123456789abcdef01234567' }],
  phoneNumbers: [{ type: 'work', number: '+33 1 23 45 67 89' }],
};

describe('systemusers array items with arrayItemIds id-and-_id (default)', () => {
  it('POST gives every item of attributes, addresses and phoneNumbers its own new id, as id and _id; GET shows them', async () => {
    const env = emulatorApi();
    const user = await env.createUser(BODY);
    const items = [...(user.attributes as Item[]), ...(user.addresses as Item[]), ...(user.phoneNumbers as Item[])];
    expect(items).toHaveLength(4);
    for (const item of items) {
      expect(item.id).toMatch(OBJECT_ID);
      expect(item._id).toBe(item.id);
    }
    expect(new Set(items.map((item) => item.id)).size).toBe(4);
    expect(items.map((item) => item.id)).not.toContain('0123456789abcdef01234567');
    expect(user.attributes).toEqual([{ name: 'Division', value: 'Sales', id: expect.any(String), _id: expect.any(String) }]);
    const read = await env.call('get', `/api/systemusers/${user._id}`).expect(200);
    expect([read.body.attributes, read.body.addresses, read.body.phoneNumbers]).toEqual([user.attributes, user.addresses, user.phoneNumbers]);
  });

  it('a PUT that sends an array again, even unchanged, replaces every id; DI changes show both', async () => {
    const env = emulatorApi();
    const user = await env.createUser(BODY);
    // What a client that reads, merges and writes back sends: the items as read, ids included.
    const res = await env.call('put', `/api/systemusers/${user._id}`, { addresses: user.addresses }).expect(200);
    const before = user.addresses as Item[];
    const after = res.body.addresses as Item[];
    const content = (items: Item[]) => items.map(({ id: _id, _id: _dbId, ...rest }) => rest);
    expect(content(after)).toEqual(content(before));
    for (const [index, item] of after.entries()) {
      expect(item._id).toBe(item.id);
      expect(item.id).not.toBe(before[index]?.id);
    }
    // Arrays the PUT did not name keep their ids.
    expect(res.body.attributes).toEqual(user.attributes);
    expect(res.body.phoneNumbers).toEqual(user.phoneNumbers);

    const [update] = await env.events({ and: [{ event_type: 'user_update' }] });
    expect(update?.changes).toEqual([{ field: 'addresses', from: before, to: after }]);
  });
});

describe('systemusers array items with arrayItemIds none', () => {
  it('stores items as given (no ids), and an unchanged array is no change', async () => {
    const env = emulatorApi({ arrayItemIds: 'none' });
    const user = await env.createUser(BODY);
    expect(user.attributes).toEqual([{ name: 'Division', value: 'Sales' }]);
    expect(user.addresses).toEqual([{ type: 'home', country: 'FR' }, { type: 'work', locality: 'Paris' }]);
    expect(user.phoneNumbers).toEqual([{ type: 'work', number: '+33 1 23 45 67 89' }]);
    await env.call('put', `/api/systemusers/${user._id}`, { addresses: user.addresses }).expect(200);
    expect(await env.events({ and: [{ event_type: 'user_update' }] })).toEqual([]);
  });

  it('follows a run-time flip from the next write on', async () => {
    const env = emulatorApi({ arrayItemIds: 'none' });
    const user = await env.createUser(BODY);
    await env.setOptions({ arrayItemIds: 'id-and-_id' });
    const res = await env.call('put', `/api/systemusers/${user._id}`, { phoneNumbers: user.phoneNumbers }).expect(200);
    expect(idsOf(res.body.phoneNumbers)[0]).toMatch(OBJECT_ID);
    // The arrays the PUT did not send are not rewritten.
    expect(idsOf(res.body.addresses)).toEqual([undefined, undefined]);
  });
});
