import { authorAdminId, madeByPerson } from '../../src/changefeed/event-author';
import type { DirectoryEvent } from '../../src/jumpcloud';
import cases from './event-author.cases.json';

/** Who made a change: a person (never the bridge) or possibly an API key, whatever its spelling. */
describe('event author', () => {
  it.each(cases)('$name', ({ event, person, admin }) => {
    const full = { event_type: 'user_update', timestamp: '2026-01-01T00:00:00.000Z', ...event } as DirectoryEvent;
    expect(madeByPerson(full)).toBe(person);
    expect(authorAdminId(full)).toBe(admin);
  });
});
