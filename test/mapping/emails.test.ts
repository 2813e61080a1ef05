import type { SystemUser } from '../../src/jumpcloud';
import { loadUserMapping } from '../../src/mapping';
import { applyPatch } from '../../src/scim/patch';
import { ScimError } from '../../src/scim/scim-error';
import { URN } from '../../src/scim/scim-urns';
import cases from './emails.cases.json';

const mapping = loadUserMapping();
type Email = Record<string, unknown>;

/** A JumpCloud user as the bridge would have left it. */
function jumpcloudUser(fields: { email: string; alternateEmail?: string }): SystemUser {
  return { _id: '5f0c0c0c0c0c0c0c0c0c0c01', username: 'jane', email: fields.email, alternateEmail: fields.alternateEmail ?? '', state: 'ACTIVATED', attributes: [] };
}

const body = (emails: Email[]) => ({ schemas: [URN.user], userName: 'jane', emails });

describe('e-mails as real clients send them (CLIENTS.md), liberally read', () => {
  describe.each(cases.create.map((c) => [c.name, c] as const))('POST: %s', (_name, c) => {
    // The user as JumpCloud holds it after the create this row expects.
    const user = jumpcloudUser({ email: c.email, alternateEmail: c.alternateEmail });

    it('chooses the JumpCloud e-mail and the alternate', () => {
      const created = mapping.toCreateBody(mapping.validateInbound(body(c.emails)));
      expect({ email: created.email, alternateEmail: created.alternateEmail }).toEqual({ email: c.email, alternateEmail: c.alternateEmail });
    });

    it('a GET shows both addresses, the chosen one primary', () => {
      expect(mapping.toScim(user).emails).toEqual(c.rendered);
    });

    it('round-trips: the same body or the rendered e-mails PUT again write nothing', () => {
      expect(mapping.toUpdateBody(mapping.validateInbound(body(c.emails)), user)).toBeUndefined();
      expect(mapping.toUpdateBody(mapping.validateInbound(mapping.toScim(user)), user)).toBeUndefined();
    });
  });

  it.each(cases.update.map((c) => [c.name, c] as const))('PUT: %s', (_name, c) => {
    expect(mapping.toUpdateBody(mapping.validateInbound(body(c.emails)), jumpcloudUser(c.current)) ?? null).toEqual(c.update);
  });

  it.each(cases.patch.map((c) => [c.name, c] as const))('PATCH: %s', (_name, c) => {
    const current = jumpcloudUser(c.current);
    const { resource } = applyPatch(mapping.toScim(current), { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: c.operations }, mapping.schemas);
    const update = mapping.toUpdateBody(mapping.validateInbound(resource), current);
    expect(update ?? null).toEqual(c.update);
    const after: SystemUser = { ...current, ...(update as Partial<SystemUser>) };
    expect(mapping.toScim(after).emails).toEqual(c.rendered);
  });

  it.each(cases.refused.map((c) => [c.name, c] as const))('refuses a user without any e-mail: %s', (_name, c) => {
    let thrown: unknown;
    try {
      mapping.validateInbound(c.body as unknown);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ScimError);
    expect(thrown).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect((thrown as ScimError).message).toContain('Attribute "emails" must hold at least one e-mail address');
    expect((thrown as ScimError).message).toContain('"emails": [{"value": "jane.doe@example.com", "type": "work", "primary": true}]');
  });

  it('names the item a bad address came from, as the client wrote it', () => {
    const refuse = (emails: Email[]) => () => mapping.toCreateBody(mapping.validateInbound(body(emails)));
    expect(refuse([{ value: 'no-at-sign', type: 'work' }])).toThrow('Attribute "emails[type eq "work"].value" must be an e-mail address');
    expect(refuse([{ value: 'no-at-sign', type: 'corp' }])).toThrow('Attribute "emails[value eq "no-at-sign"].value" must be an e-mail address');
    expect(refuse([{ value: 'jane@corp.example', type: 'work' }, { value: 'bad@', type: 'other' }])).toThrow('Attribute "emails[type eq "other"].value" must be an e-mail address');
    expect(refuse([{ value: 'jane@corp.example', type: 'work' }, { value: 'bad@', type: 'home' }])).toThrow('Attribute "emails[value eq "bad@"].value" must be an e-mail address');
  });
});
