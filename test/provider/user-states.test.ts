import { activationEmailOfCreate, activationEmailOfUpdate, DEFAULT_USER_STATE_SETTINGS, planCreate, planUpdate } from '../../src/provider/user-states';
import { classifyUserWrite } from '../../src/lifecycle/classify';
import type { SystemUser } from '../../src/jumpcloud';

const quiet = { ...DEFAULT_USER_STATE_SETTINGS, activationEmail: false };
const prehire = { ...DEFAULT_USER_STATE_SETTINGS, prehireStaged: true };
const body = { username: 'ada', email: 'ada@example.com' };

/** Whether a write made JumpCloud mail the activation link, by JumpCloud's documented rules. */
describe('activation e-mail of a write', () => {
  it.each([
    ['default, no password, created ACTIVATED', planCreate(body, DEFAULT_USER_STATE_SETTINGS), 'ACTIVATED', false, true],
    ['default, created STAGED by the org default', planCreate(body, DEFAULT_USER_STATE_SETTINGS), 'STAGED', false, false],
    ['ACTIVATION_EMAIL=false: STAGED then activated with email:false', planCreate(body, quiet), 'STAGED', false, false],
    ['pre-hire STAGED', planCreate({ ...body, state: 'SUSPENDED' }, prehire), 'STAGED', false, false],
    ['created SUSPENDED (JumpCloud documents nothing)', planCreate({ ...body, state: 'SUSPENDED' }, DEFAULT_USER_STATE_SETTINGS), 'SUSPENDED', false, undefined],
    ['a password set (nothing pending)', planCreate({ ...body, password: 'x' }, DEFAULT_USER_STATE_SETTINGS), 'ACTIVATED', true, undefined],
  ])('create: %s', (_name, plan, state, passwordSet, expected) => {
    expect(activationEmailOfCreate(plan, state, passwordSet)).toBe(expected);
  });

  it('update: a STAGED user without a password activated mails per ACTIVATION_EMAIL; with a password, or without an activation, says nothing', () => {
    const staged = { _id: 'a'.repeat(24), state: 'STAGED', activated: false } as SystemUser;
    expect(activationEmailOfUpdate(planUpdate({ state: 'ACTIVATED' }, staged, DEFAULT_USER_STATE_SETTINGS), staged, false)).toBe(true);
    expect(activationEmailOfUpdate(planUpdate({ state: 'ACTIVATED' }, staged, quiet), staged, false)).toBe(false);
    expect(activationEmailOfUpdate(planUpdate({ state: 'ACTIVATED' }, staged, DEFAULT_USER_STATE_SETTINGS), staged, true)).toBeUndefined();
    expect(activationEmailOfUpdate(planUpdate({ state: 'ACTIVATED' }, { ...staged, activated: true }, DEFAULT_USER_STATE_SETTINGS), { ...staged, activated: true }, false)).toBeUndefined();
    const active = { ...staged, state: 'ACTIVATED' } as SystemUser;
    expect(activationEmailOfUpdate(planUpdate({ jobTitle: 'Engineer' }, active, DEFAULT_USER_STATE_SETTINGS), active, false)).toBeUndefined();
  });

  it('is carried by the joiner event of a create and the rehire event of an activation, and by no other event', () => {
    const created = classifyUserWrite({ after: { userName: 'ada' }, groupsAdded: [{ id: 'g1' }], activationEmailSent: true });
    expect(created.map((event) => [event.type, event.activationEmailSent])).toEqual([
      ['joiner', true],
      ['entitlement_add', undefined],
    ]);
    const started = classifyUserWrite({ before: { active: false, title: 'A' }, after: { active: true, title: 'B' }, activationEmailSent: false });
    expect(started.map((event) => [event.type, event.activationEmailSent])).toEqual([
      ['rehire', false],
      ['mover', undefined],
    ]);
    expect(classifyUserWrite({ before: { title: 'A' }, after: { title: 'B' } })[0]).not.toHaveProperty('activationEmailSent');
  });
});
