import { classifyGroupWrite, classifyUserWrite, type GroupWrite, type UserWrite } from '../../src/lifecycle/classify';
import { AUDIT_EVENT_TYPES, OBSERVED_EVENT_TYPES } from '../../src/lifecycle/audit-record';
import cases from './classify.cases.json';

interface UserCase {
  name: string;
  write: UserWrite;
  events: unknown[];
}
interface GroupCase extends Omit<UserCase, 'write'> {
  write: GroupWrite;
  group: { id: string; name?: string };
}

describe('classifyUserWrite', () => {
  it.each((cases.user as UserCase[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const events = classifyUserWrite(c.write);
    expect(events).toEqual(c.events);
    // Whatever the input held, no password value is ever part of an event.
    expect(JSON.stringify(events)).not.toMatch(/S3cret|N3w-pass|password"/);
  });
});

describe('classifyGroupWrite', () => {
  it.each((cases.group as GroupCase[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(classifyGroupWrite(c.write, c.group)).toEqual(c.events);
  });
});

describe('the vocabulary', () => {
  it('every type the cases produce is in AUDIT_EVENT_TYPES, and every user/group type is produced by some case', () => {
    const produced = new Set<string>();
    for (const c of cases.user as UserCase[]) for (const event of classifyUserWrite(c.write)) produced.add(event.type);
    for (const c of cases.group as GroupCase[]) for (const event of classifyGroupWrite(c.write, c.group)) produced.add(event.type);
    // drift, external_delete and activated are observed by the change feed, not classified writes.
    expect([...produced].sort()).toEqual(AUDIT_EVENT_TYPES.filter((type) => !OBSERVED_EVENT_TYPES.includes(type)).sort());
  });
});
