import { CalibrationError } from '../calibration-error';
import type { CalibrationSession, TempGroup } from '../calibration-session';
import { byStatus, measured, other, transientFailure, type ProbeOutcome } from '../probe-outcome';
import { createGroup } from '../temp-objects';
import { isTransient, type WireAnswer } from '../wire-client';

/** Created in this order: `b` before `a`, so that ascending `_id` (an ignored sort) reads `[b, a]`. */
const QUERY_GROUPS = ['b', 'a', 'x.y'] as const;

/** Creates the groups of the v2 query probes. */
export async function createQueryGroups(session: CalibrationSession): Promise<Record<string, TempGroup>> {
  const groups: Record<string, TempGroup> = {};
  for (const suffix of QUERY_GROUPS) groups[suffix] = await createGroup(session, session.names.group(suffix));
  session.queryGroups = groups;
  return groups;
}

function needGroups(session: CalibrationSession): Record<string, TempGroup> {
  if (!session.queryGroups) throw new CalibrationError('missing-setup', 'needs the query groups, which could not be created');
  return session.queryGroups;
}

/** `GET /v2/usergroups?<query>`; the query is written out by hand: its exact form is what is measured. */
function listGroups(session: CalibrationSession, query: string): Promise<WireAnswer> {
  return session.wire.send({ api: 'v2', method: 'GET', url: `/usergroups?${query}&limit=100` });
}

/** `filter=<value>` with the value encoded; the key left as JumpCloud's docs write it. */
function filterParam(key: string, value: string): string {
  return `${key}=${encodeURIComponent(value)}`;
}

function namesIn(answer: WireAnswer): string[] {
  return Array.isArray(answer.body) ? answer.body.map((group) => String((group as Record<string, unknown>).name)) : [];
}

function idsIn(answer: WireAnswer): string[] {
  return Array.isArray(answer.body) ? answer.body.map((group) => String((group as Record<string, unknown>).id ?? (group as Record<string, unknown>)._id)) : [];
}

/**
 * `unconfirmedSort`: the run's groups sorted by `name` and by `-name`. A 400 is `refuse`; `[a, b]`
 * then `[b, a]` is `honour`; anything else (the creation order `[b, a]` both times) is `ignore`.
 */
export async function probeUnconfirmedSort(session: CalibrationSession): Promise<ProbeOutcome> {
  const groups = needGroups(session);
  const search = filterParam('filter', `name:search:${session.names.prefix}`);
  const ascending = await listGroups(session, `${search}&sort=name`);
  const descending = await listGroups(session, `${search}&sort=-name`);
  for (const answer of [ascending, descending]) if (isTransient(answer.status)) return transientFailure('unconfirmedSort', answer.status);
  if (ascending.status === 400 || descending.status === 400) return measured('unconfirmedSort', 'refuse', `${ascending.status} / ${descending.status} (refuse)`);
  if (ascending.status !== 200 || descending.status !== 200) return other('unconfirmedSort', `${ascending.status} / ${descending.status}`);
  const pair = [groups.a?.name, groups.b?.name];
  const order = (answer: WireAnswer) => namesIn(answer).filter((name) => pair.includes(name));
  const up = order(ascending);
  const down = order(descending);
  if (up.length !== 2 || down.length !== 2) throw new CalibrationError('no-evidence', `the name search did not list both sort groups (found ${up.length} and ${down.length})`);
  const shown = `name [${up.map(suffixOf).join(',')}] -name [${down.map(suffixOf).join(',')}]`;
  if (up[0] === pair[0] && down[0] === pair[1]) return measured('unconfirmedSort', 'honour', `${shown} (honour)`);
  return measured('unconfirmedSort', 'ignore', `${shown} (ignore)`);
}

function suffixOf(name: string): string {
  return name.slice(name.lastIndexOf('-') + 1);
}

/**
 * `v2FilterForm`: two filters in the indexed v1 form (`filter[0]=`, `filter[1]=`). 400 is
 * `repeated-only`; anything else `any`. The repeated `filter=` form the v2 spec documents is
 * tried too and noted.
 */
export async function probeV2FilterForm(session: CalibrationSession): Promise<ProbeOutcome> {
  const groups = needGroups(session);
  const broad = `name:search:${session.names.prefix}`;
  const narrow = `name:search:${groups.a?.name ?? ''}`;
  const indexed = await listGroups(session, `${filterParam('filter[0]', broad)}&${filterParam('filter[1]', narrow)}`);
  const repeated = await listGroups(session, `${filterParam('filter', broad)}&${filterParam('filter', narrow)}`);
  const notes = [`the repeated filter= form answered ${repeated.status}${repeated.status === 200 ? ` with ${namesIn(repeated).length} group(s)` : ''}`];
  if (isTransient(indexed.status)) return transientFailure('v2FilterForm', indexed.status);
  if (indexed.status === 400) return measured('v2FilterForm', 'repeated-only', '400 to filter[0]= (repeated-only)', notes);
  if (indexed.status === 200) return measured('v2FilterForm', 'any', `200 to filter[0]= with ${namesIn(indexed).length} group(s) (any)`, notes);
  return { ...byStatus('v2FilterForm', indexed.status, {}), notes };
}

/**
 * `v2SearchOperator`: the group `<prefix>-x.y` searched as `<prefix>-x?y` (found only when `?`
 * is a one-character wildcard) and as `<prefix>-..y` (found only when `.` is a regex any-char).
 * Found by neither: a literal `substring` search.
 */
export async function probeV2SearchOperator(session: CalibrationSession): Promise<ProbeOutcome> {
  const target = needGroups(session)['x.y'];
  if (!target) throw new CalibrationError('missing-setup', 'needs the group <prefix>-x.y');
  const base = session.names.group('');
  const wildcard = await listGroups(session, filterParam('filter', `name:search:${base}x?y`));
  const regex = await listGroups(session, filterParam('filter', `name:search:${base}..y`));
  for (const answer of [wildcard, regex]) {
    if (isTransient(answer.status)) return transientFailure('v2SearchOperator', answer.status);
    if (answer.status !== 200) return other('v2SearchOperator', `x?y: ${wildcard.status}, ..y: ${regex.status}`);
  }
  const byWildcard = idsIn(wildcard).includes(target.id);
  const byRegex = idsIn(regex).includes(target.id);
  const shown = `x?y ${byWildcard ? 'found' : 'not found'}, ..y ${byRegex ? 'found' : 'not found'}`;
  if (byWildcard && !byRegex) return measured('v2SearchOperator', 'wildcard', `${shown} (wildcard)`);
  if (byRegex && !byWildcard) return measured('v2SearchOperator', 'regex', `${shown} (regex)`);
  if (!byRegex && !byWildcard) return measured('v2SearchOperator', 'substring', `${shown} (substring)`);
  return other('v2SearchOperator', shown);
}

/**
 * `v2SearchCase`: the group `<prefix>-x.y` searched by the run `<prefix>-x` (the part every
 * search semantics reads literally, as the bridge's name lookup sends it) in its own case, then
 * upper-cased. Found both times is `insensitive`; found only in its own case is `sensitive` (what
 * JumpCloud.SDK.V2.json says of filter values: "Is case sensitive."). Not found in its own case
 * says nothing about case.
 */
export async function probeV2SearchCase(session: CalibrationSession): Promise<ProbeOutcome> {
  const target = needGroups(session)['x.y'];
  if (!target) throw new CalibrationError('missing-setup', 'needs the group <prefix>-x.y');
  const run = session.names.group('x');
  const own = await listGroups(session, filterParam('filter', `name:search:${run}`));
  const upper = await listGroups(session, filterParam('filter', `name:search:${run.toUpperCase()}`));
  for (const answer of [own, upper]) {
    if (isTransient(answer.status)) return transientFailure('v2SearchCase', answer.status);
    if (answer.status !== 200) return other('v2SearchCase', `own case: ${own.status}, upper case: ${upper.status}`);
  }
  if (!idsIn(own).includes(target.id)) throw new CalibrationError('no-evidence', 'the search for the run in its own case did not list the group <prefix>-x.y');
  if (idsIn(upper).includes(target.id)) return measured('v2SearchCase', 'insensitive', 'found in its own case and upper-cased (insensitive)');
  return measured('v2SearchCase', 'sensitive', 'found in its own case only (sensitive)');
}
