import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyAssociation, classifyUserCreate } from '../../src/calibrate/probes/event.probes';

interface EventCases {
  userCreate: { title: string; event: Record<string, unknown>; expected: unknown[]; admin: Record<string, string> }[];
  association: { title: string; event: Record<string, unknown>; expected: unknown }[];
}

const CASES = JSON.parse(readFileSync(join(__dirname, 'event-shapes.cases.json'), 'utf8')) as EventCases;

describe('the Directory Insights probes read event shapes', () => {
  it.each(CASES.userCreate.map((row) => [row.title, row] as const))('user_create: %s', (_title, row) => {
    const { outcomes, admin } = classifyUserCreate(row.event);
    expect(outcomes).toEqual(row.expected);
    expect(admin).toEqual(row.admin);
  });

  it.each(CASES.association.map((row) => [row.title, row] as const))('association_change: %s', (_title, row) => {
    expect(classifyAssociation(row.event, true)).toEqual(row.expected);
  });

  it('no event in time, or no member add to look for: the probe could not run', () => {
    expect(classifyUserCreate(undefined).outcomes.map((outcome) => outcome.status)).toEqual(['failed', 'failed']);
    expect(classifyAssociation(undefined, true)).toMatchObject({ status: 'failed', answer: expect.stringContaining('raise --event-wait') });
    expect(classifyAssociation(undefined, false)).toMatchObject({ status: 'failed', answer: 'could not run: needs the member add, which did not happen' });
  });
});
