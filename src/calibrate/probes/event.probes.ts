import type { CalibrationSession } from '../calibration-session';
import { awaitEvents, type InsightsEvent } from '../insights-reader';
import { failed, measured, other, unmeasurable, type ProbeOutcome } from '../probe-outcome';

/** The administrator behind the key, as DI `initiated_by` names it on the run's own writes. */
export interface KeyAdmin {
  adminId?: string;
  adminEmail?: string;
}

/** What the event probes found. */
export interface EventFindings {
  outcomes: ProbeOutcome[];
  admin: KeyAdmin;
}

const EVENT_SWITCHES = ['apiKeyAuthMethod', 'apiKeyEventSource', 'associationEvent'] as const;

function objectAt(value: unknown, key: string): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const inner = (value as Record<string, unknown>)[key];
  return inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Record<string, unknown>) : undefined;
}

/** The two ends of an `association_change`, whatever their shape. */
function endsOf(event: InsightsEvent): Record<string, unknown>[] {
  const connection = objectAt(objectAt(event, 'association'), 'connection');
  return [objectAt(connection, 'from'), objectAt(connection, 'to')].filter((end): end is Record<string, unknown> => end !== undefined);
}

function touches(event: InsightsEvent, ids: string[]): boolean {
  const resourceId = objectAt(event, 'resource')?.id;
  if (typeof resourceId === 'string' && ids.includes(resourceId)) return true;
  return endsOf(event).some((end) => ids.includes(String(end.object_id ?? end.id)));
}

/**
 * `apiKeyAuthMethod` and `apiKeyEventSource` from the `user_create` event of the run's own user
 * (NOTES.md "Observed in real events": `api key` with a space, `initiated_by.source` `scim` on
 * some events), and the key's administrator from its `initiated_by`. Any other `auth_method` or
 * `source` is reported verbatim and measures nothing.
 */
export function classifyUserCreate(event: InsightsEvent | undefined): { outcomes: ProbeOutcome[]; admin: KeyAdmin } {
  if (!event) {
    const reason = 'Directory Insights showed no user_create event for the temporary user in time (raise --event-wait)';
    return { outcomes: [failed('apiKeyAuthMethod', reason), failed('apiKeyEventSource', reason)], admin: {} };
  }
  const method = event.auth_method;
  const authMethod =
    method === 'api key' || method === 'api-key'
      ? measured('apiKeyAuthMethod', method, JSON.stringify(method))
      : other('apiKeyAuthMethod', method === undefined ? 'no auth_method' : JSON.stringify(method));
  const initiatedBy = objectAt(event, 'initiated_by') ?? {};
  const source = initiatedBy.source;
  const eventSource =
    source === 'scim'
      ? measured('apiKeyEventSource', 'scim', 'initiated_by.source "scim"')
      : source === undefined || source === null
        ? measured('apiKeyEventSource', 'none', 'no initiated_by.source')
        : other('apiKeyEventSource', `initiated_by.source ${JSON.stringify(source)}`);
  const admin: KeyAdmin = {};
  if (typeof initiatedBy.id === 'string' && initiatedBy.id !== '') admin.adminId = initiatedBy.id;
  if (typeof initiatedBy.email === 'string' && initiatedBy.email !== '') admin.adminEmail = initiatedBy.email;
  return { outcomes: [authMethod, eventSource], admin };
}

/**
 * `associationEvent` from the member add's `association_change`: no `resource` and ends carrying
 * `object_id` is the `observed` shape (NOTES.md); a `resource`, or ends carrying `id`, the
 * `documented` one. The event's keys are printed either way.
 */
export function classifyAssociation(event: InsightsEvent | undefined, memberAdded: boolean): ProbeOutcome {
  if (!memberAdded) return failed('associationEvent', 'needs the member add, which did not happen');
  if (!event) return failed('associationEvent', 'Directory Insights showed no association_change for the member add in time (raise --event-wait)');
  const ends = endsOf(event);
  const endKeys = [...new Set(ends.flatMap((end) => Object.keys(end)))].sort();
  const notes = [`event keys: ${Object.keys(event).sort().join(', ')}`, `association ends: ${endKeys.join(', ') || '(none)'}`];
  const hasResource = event.resource !== undefined && event.resource !== null;
  const endsWithObjectId = ends.length === 2 && ends.every((end) => typeof end.object_id === 'string');
  const endsWithId = ends.length === 2 && ends.every((end) => typeof end.id === 'string');
  if (!hasResource && endsWithObjectId) return measured('associationEvent', 'observed', 'no resource, ends with object_id', notes);
  if (hasResource || endsWithId) return measured('associationEvent', 'documented', `${hasResource ? 'a resource' : 'no resource'}, ends with ${endsWithId ? 'id' : endKeys.join('/')}`, notes);
  return other('associationEvent', 'neither shape', notes);
}

/**
 * The Directory Insights probes: read back the events of the run's own writes. When the key
 * cannot read DI (`insightsEnabled` false) they are not measurable on this org.
 */
export async function probeEvents(session: CalibrationSession, insightsEnabled: boolean | undefined): Promise<EventFindings> {
  if (insightsEnabled === false) {
    return { outcomes: EVENT_SWITCHES.map((name) => unmeasurable(name, 'not measurable: Directory Insights refused the key')), admin: {} };
  }
  const user = session.user;
  if (!user) {
    const reason = 'needs the temporary user, which could not be created';
    return { outcomes: EVENT_SWITCHES.map((name) => failed(name, reason)), admin: {} };
  }
  const memberAdded = session.memberAdded === true && session.group !== undefined;
  const groupId = session.group?.id ?? '';
  const finders: Record<string, (events: InsightsEvent[]) => InsightsEvent | undefined> = {
    userCreate: (events) => events.find((event) => event.event_type === 'user_create' && objectAt(event, 'resource')?.id === user.id),
  };
  if (memberAdded) {
    finders.association = (events) => {
      const ours = events.filter((event) => event.event_type === 'association_change' && touches(event, [user.id, groupId]));
      return ours.find((event) => objectAt(event, 'association')?.op === 'add') ?? ours[0];
    };
  }
  const found = await awaitEvents(session, finders);
  const { outcomes, admin } = classifyUserCreate(found.userCreate);
  return { outcomes: [...outcomes, classifyAssociation(found.association, memberAdded)], admin };
}
