import type { AuditRecord } from '../../src/lifecycle/audit-record';
import { lastWrittenValues, valueAtPath } from '../../src/provider/console-person.provider';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

describe('valueAtPath', () => {
  const resource = { title: 'Lead', name: { givenName: 'Ada', familyName: 'Lovelace' }, emails: [{ value: 'a@example.com' }], [ENTERPRISE]: { department: 'R&D', manager: { value: 'm1' } } };
  it.each([
    ['title', 'Lead'],
    ['name.givenName', 'Ada'],
    ['name.middleName', undefined],
    ['emails', [{ value: 'a@example.com' }]],
    [`${ENTERPRISE}:department`, 'R&D'],
    [`${ENTERPRISE}:manager.value`, 'm1'],
    ['urn:ietf:params:scim:schemas:extension:other:2.0:User:department', undefined],
    ['title.length', undefined],
  ])('%s', (path, expected) => {
    expect(valueAtPath(resource, path)).toEqual(expected);
  });
});

describe('lastWrittenValues', () => {
  const base = { id: 'x', time: '2025-01-01T00:00:00.000Z', resourceType: 'User' as const, jumpcloudCalls: [] };
  it('keeps the latest value the bridge wrote per attribute: successful User writes only, drift and failures ignored, an unset as null', () => {
    const records: AuditRecord[] = [
      { ...base, type: 'joiner', outcome: 'succeeded', changes: [{ attribute: 'title', after: 'Engineer' }, { attribute: 'nickName', after: 'Al' }] },
      { ...base, type: 'mover', outcome: 'succeeded', changes: [{ attribute: 'title', before: 'Engineer', after: 'Lead' }, { attribute: 'nickName', before: 'Al' }] },
      { ...base, type: 'mover', outcome: 'failed', changes: [{ attribute: 'title', before: 'Lead', after: 'CTO' }] },
      { ...base, type: 'drift', outcome: 'succeeded', changes: [{ attribute: 'title', before: 'Lead', after: 'Principal' }] },
      { ...base, type: 'mover', outcome: 'dry_run', changes: [{ attribute: 'title', before: 'Lead', after: 'VP' }] },
    ];
    expect(lastWrittenValues(records)).toEqual({ title: 'Lead', nickName: null });
  });
});
