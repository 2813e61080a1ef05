import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRealEvent, parseRealEvent, REAL_EVENTS_DIR, realEventNames } from './support/real-events';

/** The real-event fixtures are what they claim: valid events, with their provenance, listed in the README. */
describe('real Directory Insights event fixtures', () => {
  const readme = readFileSync(join(REAL_EVENTS_DIR, 'README.md'), 'utf8');

  it('the folder holds every sample the change-feed tests rely on', () => {
    expect(realEventNames()).toEqual([
      'association-change-device-binding',
      'association-change-documented',
      'association-change-user-group',
      'user-delete-api-key',
      'user-update-api-key',
      'user-update-api-key-scim-source',
      'user-update-console-session',
      'user-update-suspend',
    ]);
  });

  it.each(realEventNames())('%s is a valid Directory Insights event with its provenance, listed in the README', (name) => {
    const { provenance, event } = loadRealEvent(name);
    expect(provenance).toMatch(/SEKOIA-IO\/intake-formats|documentation/);
    expect(event.service).toBe('directory');
    expect(readme).toContain(`\`${name}.json\``);
  });

  it('keeps the observed quirks the bridge must survive', () => {
    expect(loadRealEvent('user-update-api-key').event.auth_method).toBe('api key');
    expect(loadRealEvent('user-update-api-key-scim-source').event.initiated_by).toMatchObject({ type: 'admin', source: 'scim' });
    expect(loadRealEvent('association-change-device-binding').event.resource).toBeUndefined();
    const suspend = loadRealEvent('user-update-suspend').event.changes ?? [];
    expect(suspend.filter((c) => c.field === 'state' || c.field === 'suspended')).toEqual([
      { field: 'state', from: 'ACTIVATED', to: 'SUSPENDED' },
      { field: 'suspended', from: false, to: true },
    ]);
    const addresses = (loadRealEvent('user-update-api-key-scim-source').event.changes ?? []).find((c) => c.field === 'addresses');
    const ids = (list: unknown) => (list as { id: string; _id: string }[]).map((item) => [item.id, item._id]);
    expect(ids(addresses?.from)).not.toEqual(ids(addresses?.to));
  });

  it('refuses a fixture without provenance or that is not an event (no silent pass on a broken file)', () => {
    const event = { event_type: 'user_update', timestamp: '2026-01-01T00:00:00Z' };
    expect(parseRealEvent(JSON.stringify({ '//': 'made up', ...event }), 'ok.json').event).toEqual(event);
    expect(() => parseRealEvent(JSON.stringify(event), 'bare.json')).toThrow('bare.json: no provenance');
    expect(() => parseRealEvent(JSON.stringify({ '//': 'made up', event_type: 'user_update' }), 'no-time.json')).toThrow("no-time.json: not a Directory Insights event: (body) must have required property 'timestamp'");
    expect(() => parseRealEvent(JSON.stringify({ '//': 'made up', ...event, association: { connection: { to: { object_id: 7 } } } }), 'bad-end.json')).toThrow('/association/connection/to/object_id must be string');
  });
});
