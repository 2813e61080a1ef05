import { hashValues, ownedChanges, sameValue, trackedValues } from '../../src/changefeed/tracked-attributes';
import { trackedResources } from '../../src/composition/changefeed-service';
import { loadMapping } from '../../src/composition/scim-service';
import cases from './tracked-attributes.cases.json';
import { loadRealEvent } from './support/real-events';

/** What the change feed counts as a change of an owned attribute (NOTES.md: array items carry re-issued ids). */
describe('tracked attributes', () => {
  const tracked = trackedResources(loadMapping({}));

  it.each(cases)('sameValue: $name', ({ a, b, same }) => {
    expect(sameValue(a, b)).toBe(same);
    expect(sameValue(b, a)).toBe(same);
  });

  it('a real replacing write: re-issued address ids are no change, company is; location is not mapped', () => {
    const changes = loadRealEvent('user-update-api-key-scim-source').event.changes;
    expect(ownedChanges(tracked.user, changes)).toEqual([
      { key: 'company', attribute: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:organization', jumpcloudField: 'company', before: 'EXAMPLE CORP', after: 'Example Corp' },
    ]);
  });

  it('a real suspend: state is the owned change (suspended repeats it and is not mapped), the addresses are not', () => {
    const changes = loadRealEvent('user-update-suspend').event.changes;
    expect(ownedChanges(tracked.user, changes).map((change) => [change.key, change.before, change.after])).toEqual([
      ['state', 'ACTIVATED', 'SUSPENDED'],
      ['company', 'EXAMPLE CORP', 'Example Corp'],
    ]);
  });

  it('a real address change is reported without the item ids', () => {
    const [addresses] = (loadRealEvent('user-update-api-key-scim-source').event.changes ?? []).filter((change) => change.field === 'addresses');
    const to = structuredClone(addresses?.to) as Record<string, unknown>[];
    (to[1] as Record<string, unknown>).locality = 'Lyon';
    const [change] = ownedChanges(tracked.user, [{ field: 'addresses', from: addresses?.from, to }]);
    expect(change?.key).toBe('addresses');
    for (const item of [...(change?.before as object[]), ...(change?.after as object[])]) {
      expect(item).not.toHaveProperty('id');
      expect(item).not.toHaveProperty('_id');
    }
    expect((change?.after as { locality: string }[])[1]?.locality).toBe('Lyon');
  });

  it('the scan hash ignores re-issued item ids, and sees a real change', () => {
    const user = (addressId: string, locality = 'Paris') => ({
      _id: 'u1',
      username: 'jane.doe',
      addresses: [{ type: 'work', locality, id: addressId, _id: addressId }],
      attributes: [{ name: 'scimUserName', value: 'jane.doe@example.com', id: `${addressId}a`, _id: `${addressId}a` }],
    });
    const hash = (object: Record<string, unknown>) => hashValues(trackedValues(tracked.user, object));
    expect(hash(user('5f0000000000000000000b02'))).toBe(hash(user('5f0000000000000000000b12')));
    expect(hash(user('5f0000000000000000000b02'))).not.toBe(hash(user('5f0000000000000000000b12', 'Lyon')));
    expect(trackedValues(tracked.user, user('x'))).toMatchObject({ addresses: [{ type: 'work', locality: 'Paris' }], 'attributes.scimUserName': 'jane.doe@example.com' });
  });
});
