import { randomBytes } from 'node:crypto';
import express from 'express';
import { FaultInjector } from './control/faults';
import { controlRouter } from './control/control.routes';
import { InMemoryRequestLog, requestLogMiddleware } from './control/request-log';
import type { EmulatorContext, EmulatorOptions } from './context';
import { apiKeyActor, DEFAULT_OPTIONS } from './default-options';
import { GroupStore } from './groups/group-store';
import { groupsRouter } from './groups/groups.routes';
import { apiKeyAuth } from './http/api-key-auth';
import { errorHandler, unknownRoute } from './http/error-handler';
import { API_BODY_LIMIT, jsonBody, SEED_BODY_LIMIT } from './http/json-body';
import { orgHeader } from './http/org-header';
import { organizationsRouter } from './organizations/organizations.routes';
import { EventLog } from './insights/event-log';
import { insightsRouter } from './insights/insights.routes';
import { InMemoryMutationBus } from './mutation-bus';
import { createObjectIdGenerator } from './object-id';
import { seedDirectory } from './seed';
import { userControlRouter } from './users/user-control.routes';
import { optionsRouter } from './control/options.routes';
import { UserStore } from './users/user-store';
import { usersRouter } from './users/users.routes';

/** The emulator: its Express app and the context its parts share. */
export interface Emulator {
  app: express.Express;
  ctx: EmulatorContext;
}

/** Test seams that are not behaviour switches (so not `EmulatorOptions`). */
export interface EmulatorSeams {
  /** The dice of the fault rules' `rate` (default Math.random): a seeded one makes a soak run's faults repeatable. */
  faultDice?: () => number;
  /**
   * Set by the multi-organisation front (emulator/multi-org/front.ts) for the app of each of its
   * organisations: the front has already checked `x-api-key` and `x-org-id` and chosen this
   * organisation, so the app skips its own key and org checks (its `apiKey` and `orgIds` are then
   * only its identity: `orgIds[0]` is printed on its users and events).
   */
  admittedByFront?: boolean;
  /** Set by the multi-organisation front: an e-mail taken in another organisation (`UserStoreDeps`). */
  emailTakenElsewhere?: (lowerCaseEmail: string) => boolean;
}

/**
 * Builds a JumpCloud emulator. Options not given take `DEFAULT_OPTIONS`; `apiKey` has no fixed
 * default: when the caller gives none a random one is made (read it back at `ctx.options.apiKey`),
 * so no emulator ever accepts a well-known key.
 *
 * Middleware order matters: the request log comes first so rejected and faulted requests are
 * recorded too; then the API key and org checks; then the `/__emulator` controls (never faulted);
 * then fault injection; then the API routes; then the 404 for unknown routes and the error handler.
 */
export function createEmulator(overrides: Partial<EmulatorOptions> = {}, seams: EmulatorSeams = {}): Emulator {
  const options: EmulatorOptions = {
    ...DEFAULT_OPTIONS,
    ...overrides,
    apiKey: overrides.apiKey ?? randomBytes(24).toString('hex'),
    orgIds: (overrides.orgIds ?? DEFAULT_OPTIONS.orgIds).map((id) => id.toLowerCase()),
  };
  const bus = new InMemoryMutationBus();
  // Parts read the clock through the context so a test replacing `ctx.now` moves them all
  // (before the context exists, e.g. while the group store creates "All Users", the real clock).
  const built: { ctx?: EmulatorContext } = {};
  const now = () => (built.ctx ? built.ctx.now() : new Date());
  const newObjectId = createObjectIdGenerator(now);
  const users = new UserStore({ bus, now, newObjectId, options, emailTakenElsewhere: seams.emailTakenElsewhere });
  const groups = new GroupStore({ users, bus, now, newObjectId, options });
  const events = new EventLog({ bus, now, options });
  const requests = new InMemoryRequestLog();
  const faults = new FaultInjector({ random: seams.faultDice });

  const ctx: EmulatorContext = {
    options,
    bus,
    users,
    groups,
    requests,
    now: () => new Date(),
    newObjectId,
    reset() {
      users.clear();
      groups.clear();
      events.clear();
      requests.clear();
      faults.clear();
    },
    seed(doc) {
      // The actor of the options of now: a seed after PATCH /__emulator/options follows the switch.
      return seedDirectory(doc, { users, groups, actor: apiKeyActor(ctx.options) });
    },
  };

  built.ctx = ctx;

  const app = express();
  // qs parsing: v1 filters arrive as `filter[0]=…` and `filter[or][0]=…`.
  app.set('query parser', 'extended');
  app.disable('x-powered-by');
  app.use(requestLogMiddleware(requests));
  if (!seams.admittedByFront) {
    app.use(['/api', '/insights', '/__emulator'], apiKeyAuth(options));
    // The org header is a JumpCloud API concept; the emulator's own controls do not need it.
    app.use(['/api', '/insights'], orgHeader(options));
  }
  app.use('/__emulator/seed', jsonBody(SEED_BODY_LIMIT));
  app.use(jsonBody(API_BODY_LIMIT));
  app.use('/__emulator/users', userControlRouter(users, ctx.options));
  app.use('/__emulator', optionsRouter(ctx.options));
  app.use('/__emulator', controlRouter(ctx, { faults, events }));
  app.use(faults.middleware());
  app.use('/api/v2', groupsRouter(ctx));
  app.use('/api', organizationsRouter(ctx));
  app.use('/api', usersRouter(ctx, users));
  app.use('/insights/directory/v1', insightsRouter(ctx, events));
  app.use(unknownRoute());
  app.use(errorHandler());
  return { app, ctx };
}
