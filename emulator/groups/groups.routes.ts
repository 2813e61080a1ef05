import { type Request, type Response, Router } from 'express';
import type { EmulatorContext } from '../context';
import { errorHandler } from '../http/error-handler';
import { API_BODY_LIMIT, jsonBody } from '../http/json-body';
import { badRequest, notFound } from '../http/http-errors';
import { type Paging, readPaging, type SortKey } from '../http/query-params';
import { isConfirmedV2SortKey, sortUnderPolicy } from '../http/unconfirmed-sort';
import { graphConnection, graphObjectWithPaths } from './graph-shapes';
import { GroupStore } from './group-store';
import { requestActor } from '../http/request-actor';
import { type V2Filter, matchesV2Filters, parseV2Filters, usesIndexedFilterForm } from './v2-filter';
import { parseFields, parseSort, projectFields, sortRecords } from './v2-query';

/**
 * The v2 user-group API, mounted at `/api/v2`: `/usergroups` CRUD, `/usergroups/{id}/members`
 * (direct members, read and write), `/usergroups/{id}/membership` (effective members) and
 * `/users/{id}/memberof`. Lists answer a bare array with the total in `x-total-count`.
 */
export function groupsRouter(ctx: EmulatorContext): Router {
  if (!(ctx.groups instanceof GroupStore)) throw new Error('groupsRouter needs the context groups to be a GroupStore');
  const store = ctx.groups;
  const router = Router();
  // A no-op when the app already parsed the body; here (with the error handler at the end) so
  // the router answers the same in any app, including the unit tests' bare one.
  router.use(jsonBody(API_BODY_LIMIT));

  // The switches are read per request: tests flip them at run time (PATCH /__emulator/options).
  const filtersOf = (req: Request): V2Filter[] => {
    if (ctx.options.v2FilterForm === 'repeated-only' && usesIndexedFilterForm(req.originalUrl)) {
      throw badRequest('Bad Request: invalid filter: use repeated filter= parameters');
    }
    return parseV2Filters(req.query.filter, ctx.options.v2SearchOperator);
  };
  const sortOf = (req: Request): SortKey[] => sortUnderPolicy(parseSort(req.query.sort), ctx.options.unconfirmedSort, isConfirmedV2SortKey);

  router.get('/usergroups', (req, res) => {
    const paging = readPaging(req.query);
    const filters = filtersOf(req);
    const sort = sortOf(req);
    const fields = parseFields(req.query.fields);
    const matching = sortRecords(
      store.list().filter((group) => matchesV2Filters(group, filters)),
      sort,
    );
    sendPage(res, matching.length, page(matching, paging).map((group) => projectFields(group, fields)));
  });

  router.post('/usergroups', (req, res) => {
    res.status(201).json(store.create(req.body, requestActor(req, ctx.options)));
  });

  router.get('/usergroups/:id', (req, res) => {
    const group = store.get(req.params.id);
    if (!group) throw notFound();
    res.json(group);
  });

  router.put('/usergroups/:id', (req, res) => {
    res.json(store.replace(req.params.id, req.body, requestActor(req, ctx.options)));
  });

  router.delete('/usergroups/:id', (req, res) => {
    store.remove(req.params.id, requestActor(req, ctx.options));
    res.status(204).end();
  });

  router.get('/usergroups/:groupId/members', (req, res) => {
    const { groupId } = req.params;
    const paging = readPaging(req.query);
    const total = store.memberCount(groupId);
    const ids = store.memberWindow(groupId, paging.skip, paging.limit);
    sendPage(res, total, ids.map((id) => graphConnection('user', id)));
  });

  router.post('/usergroups/:groupId/members', (req, res) => {
    const { op, id } = readMemberOperation(req.body);
    const actor = requestActor(req, ctx.options);
    if (op === 'add') store.addMember(req.params.groupId, id, actor);
    else store.removeMember(req.params.groupId, id, actor);
    res.status(204).end();
  });

  router.get('/usergroups/:groupId/membership', (req, res) => {
    const { groupId } = req.params;
    const paging = readPaging(req.query);
    const filters = filtersOf(req);
    const sort = sortOf(req);
    const total = store.memberCount(groupId);
    if (sort.length === 0 && filters.every((filter) => filter.field === 'type')) {
      // Every member of a user group is a user, so a type-only filter keeps all or none: page
      // straight from the member set instead of materialising 100,000 members.
      const all = matchesV2Filters(graphObjectWithPaths('user', ''), filters);
      const ids = all ? store.memberWindow(groupId, paging.skip, paging.limit) : [];
      sendPage(res, all ? total : 0, ids.map((id) => graphObjectWithPaths('user', id)));
      return;
    }
    const members = store.memberWindow(groupId, 0, total).map((id) => graphObjectWithPaths('user', id));
    sendFiltered(res, members, filters, sort, paging);
  });

  router.get('/users/:userId/memberof', (req, res) => {
    const { userId } = req.params;
    if (!ctx.users.has(userId)) throw notFound();
    const paging = readPaging(req.query);
    const groups = store.groupsOfUser(userId).map((id) => graphObjectWithPaths('user_group', id));
    sendFiltered(res, groups, filtersOf(req), sortOf(req), paging);
  });

  router.use(errorHandler());
  return router;
}

/** Filter (`object_id` is the graph filters' name for `id`), sort, count and page graph objects. */
function sendFiltered(
  res: Response,
  objects: Record<string, unknown>[],
  filters: V2Filter[],
  sort: SortKey[],
  paging: Paging,
): void {
  const matching = sortRecords(
    objects.filter((object) => matchesV2Filters({ ...object, object_id: object.id }, filters)),
    sort,
  );
  sendPage(res, matching.length, page(matching, paging));
}

function page<T>(items: T[], { skip, limit }: Paging): T[] {
  return items.slice(skip, skip + limit);
}

function sendPage(res: Response, total: number, items: unknown[]): void {
  res.set('x-total-count', String(total)).json(items);
}

/** Validates a GraphOperation (UserGroup-Member) body: `{op: add|remove, type: user, id}`. */
function readMemberOperation(body: Request['body']): { op: 'add' | 'remove'; id: string } {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('Bad Request: the body must be a JSON object');
  }
  const { op, type, id } = body as Record<string, unknown>;
  if (op !== 'add' && op !== 'remove') throw badRequest('Bad Request: op must be one of add, remove');
  if (type !== 'user') throw badRequest('Bad Request: type must be user');
  if (typeof id !== 'string' || id === '') throw badRequest('Bad Request: id is required');
  return { op, id };
}
