import type { AuditRecord } from '../../src/lifecycle/audit-record';

/** Alice, Bob and the Engineering group as the journal fixtures name them (24-hex ids, like JumpCloud's). */
export const ALICE = '65a000000000000000000a11';
export const BOB = '65a000000000000000000b0b';
export const ENGINEERING = '65a0000000000000000e0001';
export const SALES = '65a0000000000000000e0002';

function record(seq: number, fields: Partial<AuditRecord> & Pick<AuditRecord, 'time' | 'type' | 'resourceType'>): AuditRecord {
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    outcome: 'succeeded',
    jumpcloudCalls: [],
    requestId: `req-${seq}`,
    client: 'bearer#1',
    ...fields,
  };
}

/**
 * A small journal telling two lifecycles, oldest first: Alice joins, gets Engineering, is
 * promoted, is suspended and deleted; Bob joins, is added to Engineering through /Groups, and
 * a change to him fails; a group is created in a dry run. Each record's id ends in its number.
 */
export function storyRecords(): AuditRecord[] {
  return [
    record(1, {
      time: '2025-01-10T09:00:00.000Z', type: 'joiner', resourceType: 'User', scimId: ALICE, jumpcloudId: ALICE, userName: 'alice.nguyen',
      jumpcloudCalls: [{ method: 'POST', route: '/api/systemusers', status: 200, attempt: 1 }],
    }),
    record(2, {
      time: '2025-01-11T10:00:00.000Z', type: 'entitlement_add', resourceType: 'User', scimId: ALICE, jumpcloudId: ALICE, userName: 'alice.nguyen',
      group: { id: ENGINEERING, name: 'Engineering' },
      jumpcloudCalls: [{ method: 'POST', route: '/api/v2/usergroups/{id}/members', status: 204, attempt: 1 }],
    }),
    record(3, {
      time: '2025-02-01T08:30:00.000Z', type: 'mover', resourceType: 'User', scimId: ALICE, jumpcloudId: ALICE, userName: 'alice.nguyen',
      changes: [{ attribute: 'title', before: 'Engineer', after: 'Lead, "Platform"' }],
      jumpcloudCalls: [
        { method: 'PUT', route: '/api/systemusers/{id}', status: 503, attempt: 1 },
        { method: 'PUT', route: '/api/systemusers/{id}', status: 200, attempt: 2 },
      ],
    }),
    record(4, {
      time: '2025-02-02T12:00:00.000Z', type: 'joiner', resourceType: 'User', scimId: BOB, jumpcloudId: BOB, userName: 'bob.martin',
      client: 'basic:sailpoint',
      jumpcloudCalls: [{ method: 'POST', route: '/api/systemusers', status: 200, attempt: 1 }],
    }),
    record(5, {
      time: '2025-02-03T00:00:00.000Z', type: 'entitlement_add', resourceType: 'Group', scimId: ENGINEERING, jumpcloudId: ENGINEERING, displayName: 'Engineering',
      member: { id: BOB, userName: 'bob.martin' },
      jumpcloudCalls: [{ method: 'POST', route: '/api/v2/usergroups/{id}/members', status: 204, attempt: 1 }],
    }),
    record(6, {
      time: '2025-02-04T15:45:00.000Z', type: 'mover', outcome: 'failed', resourceType: 'User', scimId: BOB, jumpcloudId: BOB, userName: 'bob.martin',
      changes: [{ attribute: 'emails[type eq "work"].value', before: 'bob.martin@example.com', after: '=cmd|calc' }],
      error: { status: 409, scimType: 'uniqueness', detail: 'A user with this userName or work e-mail address already exists in JumpCloud.' },
      jumpcloudCalls: [{ method: 'PUT', route: '/api/systemusers/{id}', status: 400, attempt: 1 }],
    }),
    record(7, {
      time: '2025-03-01T17:00:00.000Z', type: 'suspend', resourceType: 'User', scimId: ALICE, jumpcloudId: ALICE, userName: 'alice.nguyen',
      changes: [{ attribute: 'active', before: true, after: false }],
      jumpcloudCalls: [{ method: 'PUT', route: '/api/systemusers/{id}', status: 200, attempt: 1 }],
    }),
    record(8, {
      time: '2025-03-02T09:15:00.000Z', type: 'group_create', outcome: 'dry_run', resourceType: 'Group', displayName: 'Sales',
      jumpcloudCalls: [{ method: 'POST', route: '/api/v2/usergroups', attempt: 1 }],
    }),
    record(9, {
      time: '2025-03-05T11:00:00.000Z', type: 'delete', resourceType: 'User', scimId: ALICE, jumpcloudId: ALICE, userName: 'alice.nguyen',
      jumpcloudCalls: [{ method: 'DELETE', route: '/api/systemusers/{id}', status: 200, attempt: 1 }],
    }),
  ];
}

/** The number a story record's id ends in (for compact assertions on order). */
export function seqOf(record: { id: string }): number {
  return Number(record.id.slice(-12));
}
