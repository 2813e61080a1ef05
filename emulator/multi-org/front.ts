import { randomBytes } from 'node:crypto';
import express from 'express';
import { createEmulator, type Emulator, type EmulatorSeams } from '../app';
import type { RequestLog } from '../context';
import { InMemoryRequestLog, requestLogMiddleware } from '../control/request-log';
import { unknownRoute } from '../http/error-handler';
import { frontControlRouter } from './front-control.routes';
import { checkMultiOrgConfig, type MultiOrgConfig } from './multi-org-config';
import { admit, type Keyring } from './org-admission';

/** A multi-organisation emulator: the front app and the emulator of each organisation behind it. */
export interface MultiOrgEmulator {
  /** The front: chooses the organisation of each request and hands it to that one's app. */
  app: express.Express;
  /** The provider (multi-tenant administrator) key: the configured one, else a random one. */
  providerKey: string;
  /** Each organisation's emulator (its app and context), by lower-case id, in configuration order. */
  organizations: ReadonlyMap<string, Emulator>;
  /** Requests no organisation was chosen for (`GET /__emulator/front/unrouted`). */
  unrouted: RequestLog;
}

/** The test seams a multi-organisation emulator passes on to every organisation's app. */
export type MultiOrgSeams = Omit<EmulatorSeams, 'admittedByFront' | 'emailTakenElsewhere'>;

/** The paths an organisation answers; anything else is 404 from the front, as from one emulator. */
const ORGANIZATION_PREFIXES = ['/api', '/insights', '/__emulator'];

/**
 * Builds an emulator of several organisations, each a whole emulator of its own (`createEmulator`:
 * directory, Directory Insights events, faults, request log, options), so an organisation's
 * faults or data never touch another's and every route behaves exactly as in one emulator.
 *
 * The front chooses the organisation of a request by `x-api-key` and `x-org-id` (`admit`, the
 * same rules for the API and the organisation's `/__emulator/...` controls) and hands the request
 * to that organisation's app, which then skips its own key and org checks. A request refused
 * before an organisation is chosen is answered by the front and kept in its unrouted log.
 * `/__emulator/front/...` are the front's own controls (provider key only). The one thing the
 * organisations share is JumpCloud's: a user e-mail is unique across all of them (unless
 * `emailUniqueness` is `per-organisation`).
 * Throws when the configuration is invalid (`checkMultiOrgConfig`).
 */
export function createMultiOrgEmulator(config: MultiOrgConfig, seams: MultiOrgSeams = {}): MultiOrgEmulator {
  checkMultiOrgConfig(config);
  const providerKey = config.providerKey ?? randomBytes(24).toString('hex');
  const organizations = new Map<string, Emulator>();
  const orgKeys = new Map<string, string>();
  const emailEverywhere = (config.emailUniqueness ?? 'all-organisations') === 'all-organisations';
  // Read when a user is written, so it sees organisations built after this one.
  const emailInOtherOrg = (self: string) => (email: string) =>
    [...organizations].some(([id, other]) => id !== self && other.ctx.users.hasEmail(email));
  for (const org of config.organizations) {
    const id = org.id.toLowerCase();
    const emulator = createEmulator(
      { ...org.options, apiKey: org.apiKey, orgIds: [id] },
      { ...seams, admittedByFront: true, ...(emailEverywhere ? { emailTakenElsewhere: emailInOtherOrg(id) } : {}) },
    );
    if (org.seed) emulator.ctx.seed(org.seed);
    organizations.set(id, emulator);
    if (org.apiKey !== undefined) orgKeys.set(id, org.apiKey);
  }
  const keyring: Keyring = { providerKey, orgIds: [...organizations.keys()], orgKeys, orgKeyOtherOrg: config.orgKeyOtherOrg ?? 'not-found' };
  const unrouted = new InMemoryRequestLog();
  const logUnrouted = requestLogMiddleware(unrouted, { exclude: () => false });

  const app = express();
  // As in each organisation's app, so the unrouted log parses queries the same way.
  app.set('query parser', 'extended');
  app.disable('x-powered-by');
  app.use(
    '/__emulator/front',
    frontControlRouter({
      providerKey,
      organizations: [...organizations].map(([id, { ctx }]) => ({ id, ownKey: orgKeys.has(id), ctx })),
      unrouted,
    }),
  );
  app.use((req, res, next) => {
    // Case-insensitive, as Express matches the organisation app's mount paths.
    const path = req.path.toLowerCase();
    if (!ORGANIZATION_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) {
      logUnrouted(req, res, next);
      return;
    }
    const admission = admit(req.get('x-api-key'), req.get('x-org-id'), keyring);
    if (!admission.admitted) {
      logUnrouted(req, res, () => res.status(admission.status).json(admission.body));
      return;
    }
    // Not mounted, called: the organisation's app keeps its own settings (query parser, ...).
    (organizations.get(admission.orgId) as Emulator).app(req, res, next);
  });
  app.use(unknownRoute());
  return { app, providerKey, organizations, unrouted };
}
