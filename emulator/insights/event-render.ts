import type { EmulatorOptions, Mutation } from '../context';
import { associationKeys } from './association-shape';

/** Where and when an event is recorded: the parts a Mutation does not carry. */
export interface EventStamp {
  id: string;
  timestamp: Date;
  organization: string;
}

/**
 * DI's `geoip` of the caller. The emulator's callers are local or private addresses, which a
 * GeoIP database does not place: neutral values in the keys real events carry (NOTES.md
 * "Observed in real events"), numbers for the coordinates as there.
 */
export const UNLOCATED_GEOIP: Readonly<Record<string, string | number>> = Object.freeze({
  country_code: '',
  timezone: 'UTC',
  region_code: '',
  region_name: '',
  continent_code: '',
  latitude: 0,
  longitude: 0,
});

/**
 * Renders a Mutation as the Directory Insights event JumpCloud records for it (service
 * `directory`), with every top-level key real events carry (NOTES.md "Observed in real events"):
 * `@version`, `id`, `event_type`, `service`, `organization`, `timestamp` (RFC 3339 with ms),
 * `initiated_by`, `auth_method`, `client_ip`, `geoip`, `useragent`, `provider: null`,
 * `correlation: {}`, `message_chain: {}`, `success: true`; then `resource` and `changes` for a
 * change to a user or group, or the `association_change` keys in the shape `options` asks.
 */
export function renderEvent(mutation: Mutation, stamp: EventStamp, options: Pick<EmulatorOptions, 'associationEvent'>): Record<string, unknown> {
  const event: Record<string, unknown> = {
    '@version': '1',
    id: stamp.id,
    event_type: mutation.eventType,
    service: 'directory',
    organization: stamp.organization,
    timestamp: stamp.timestamp.toISOString(),
    initiated_by: { ...mutation.actor.initiatedBy },
  };
  if (mutation.eventType === 'association_change') {
    Object.assign(event, associationKeys(mutation, options.associationEvent));
  } else {
    event.resource = { ...mutation.resource };
    if (mutation.changes) event.changes = structuredClone(mutation.changes);
  }
  Object.assign(event, {
    auth_method: mutation.actor.authMethod,
    client_ip: clientIp(mutation.actor.clientIp),
    geoip: { ...UNLOCATED_GEOIP },
    useragent: parseUserAgent(mutation.actor.userAgent),
    provider: null,
    correlation: {},
    message_chain: {},
    success: true,
  });
  return event;
}

/** DI prints IPv4 callers as plain IPv4, not Node's IPv4-mapped IPv6 form. */
function clientIp(raw: string | undefined): string {
  if (raw === undefined) return '127.0.0.1';
  return raw.startsWith('::ffff:') ? raw.slice('::ffff:'.length) : raw;
}

/**
 * DI's parsed `useragent` object, from the first `product/version` token (`axios/1.7.2` ->
 * name axios, major 1, minor 7, patch 2). Unknown parts read "Other" or "" as DI prints them.
 */
export function parseUserAgent(raw: string | undefined): Record<string, string> {
  const match = /^([^/\s]+)(?:\/(\d+)(?:\.(\d+))?(?:\.(\d+))?)?/.exec(raw ?? '');
  return {
    name: match?.[1] ?? 'Other',
    major: match?.[2] ?? '',
    minor: match?.[3] ?? '',
    patch: match?.[4] ?? '',
    build: '',
    os: 'Other',
    os_name: 'Other',
    device: 'Other',
  };
}
