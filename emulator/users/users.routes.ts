import { Router, type Request } from 'express';
import type { EmulatorContext } from '../context';
import { badRequest } from '../http/http-errors';
import { readFields, readPaging, readSort, singleString } from '../http/query-params';
import { requestActor } from '../http/request-actor';
import { isConfirmedV1SortKey, sortUnderPolicy } from '../http/unconfirmed-sort';
import { isObjectId } from '../object-id';
import { filterFromQuery, filterFromSearchBody, searchFromBody, withoutObjectIdMatches, type UserFilter } from './user-filter';
import type { UserStore } from './user-store';

/**
 * The v1 system-user routes, mounted at `/api`: list, get, create, update, delete, search,
 * activate. Thin: parse the request, call the store, answer what JumpCloud answers.
 */
export function usersRouter(ctx: EmulatorContext, users: UserStore): Router {
  const router = Router();
  const actor = (req: Request) => requestActor(req, ctx.options);

  router.get('/systemusers', (req, res) => {
    const filter = both(filterFromQuery(req.query.filter), searchFromBody(req.query.search));
    // Options are read per request: tests flip them at run time (PATCH /__emulator/options).
    const sort = sortUnderPolicy(readSort(req.query.sort), ctx.options.unconfirmedSort, isConfirmedV1SortKey);
    res.json(users.query({ ...readPaging(req.query), sort, fields: readFields(req.query.fields), filter }));
  });

  router.post('/systemusers', (req, res) => {
    // 200, not 201: JumpCloud answers a created user with 200 (NOTES.md).
    res.status(200).json(users.create(bodyOf(req), actor(req)));
  });

  router.get('/systemusers/:id', (req, res) => {
    res.json(users.read(userId(req), readFields(req.query.fields)));
  });

  router.put('/systemusers/:id', (req, res) => {
    res.json(users.update(userId(req), bodyOf(req), actor(req)));
  });

  router.delete('/systemusers/:id', (req, res) => {
    const cascade = singleString('cascade_manager', req.query.cascade_manager);
    if (cascade !== undefined && cascade !== 'null') throw badRequest('Bad Request: cascade_manager may only be "null"');
    // 200 with the deleted user, not 204 (NOTES.md).
    res.json(users.remove(userId(req), cascade === 'null', actor(req)));
  });

  router.post('/systemusers/:id/state/activate', (req, res) => {
    res.json(users.activate(userId(req), bodyOf(req), actor(req)));
  });

  router.post('/search/systemusers', (req, res) => {
    const body = bodyOf(req);
    // The spec documents paging and projection as query parameters while its `search` body
    // definition also carries them: accept both, the body winning when it names one.
    const paging = readPaging({ limit: body.limit ?? req.query.limit, skip: body.skip ?? req.query.skip });
    let bodyFilter = filterFromSearchBody(body.filter);
    // Unconfirmed: the body is JSON, so an `_id` value is a string, which may never equal the stored ObjectId.
    if (bodyFilter && ctx.options.searchByObjectId === 'matches-nothing') bodyFilter = withoutObjectIdMatches(bodyFilter);
    const filter = both(both(filterFromQuery(req.query.filter), bodyFilter), searchFromBody(body.searchFilter));
    res.json(users.query({ ...paging, sort: readSort(body.sort ?? req.query.sort), fields: readFields(body.fields ?? req.query.fields), filter }));
  });

  return router;
}

/**
 * The `{id}` of a user route. A malformed id (not 24 hex) is a 400, not a 404: JumpCloud's v1
 * API casts the path id to an ObjectId before looking it up, and a failed cast is a bad request,
 * not a missing record. A well-formed id of no user is the 404.
 */
function userId(req: Request): string {
  const id = req.params.id;
  if (!isObjectId(id)) throw badRequest(`Bad Request: invalid object id "${String(id)}"`);
  return id;
}

/** The JSON body as an object; no body (no Content-Type) reads as `{}`. */
function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  if (body === undefined) return {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('Bad Request: the body must be a JSON object');
  return body as Record<string, unknown>;
}

function both(a: UserFilter | undefined, b: UserFilter | undefined): UserFilter | undefined {
  if (!a) return b;
  if (!b) return a;
  return { kind: 'and', filters: [a, b] };
}
