import type { Mutation } from '../context';

/** Where and when an event is recorded: the parts a Mutation does not carry. */
export interface EventStamp {
  id: string;
  timestamp: Date;
  organization: string;
}

/**
 * Renders a Mutation as the Directory Insights event JumpCloud records for it (service
 * `directory`): `initiated_by`, `resource`, `changes`, `association` (for `association_change`),
 * `auth_method`, `client_ip`, `useragent`, `success`, and `timestamp` in RFC 3339 with ms.
 */
export function renderEvent(mutation: Mutation, stamp: EventStamp): Record<string, unknown> {
  const event: Record<string, unknown> = {
    '@version': '1',
    id: stamp.id,
    event_type: mutation.eventType,
    service: 'directory',
    organization: stamp.organization,
    timestamp: stamp.timestamp.toISOString(),
    initiated_by: { ...mutation.actor.initiatedBy },
    resource: { ...mutation.resource },
    auth_method: mutation.actor.authMethod,
    client_ip: clientIp(mutation.actor.clientIp),
    useragent: parseUserAgent(mutation.actor.userAgent),
    success: true,
  };
  if (mutation.changes) event.changes = structuredClone(mutation.changes);
  if (mutation.association) event.association = structuredClone(mutation.association);
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
