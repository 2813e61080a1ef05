import { membershipOf } from '../../src/changefeed/association-membership';
import type { DirectoryEvent } from '../../src/jumpcloud';
import cases from './association-membership.cases.json';
import { loadRealEvent } from './support/real-events';

/** The membership an association_change is about, in the real and the documented shape. */
describe('association_change membership', () => {
  it.each(cases)('$name', (row) => {
    const event = 'fixture' in row && row.fixture ? loadRealEvent(row.fixture).event : ({ event_type: 'association_change', timestamp: '2026-01-01T00:00:00.000Z', ...row.event } as DirectoryEvent);
    expect(membershipOf(event) ?? null).toEqual(row.expected);
  });
});
