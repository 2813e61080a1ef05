import { Router } from 'express';
import type { EmulatorOptions } from '../context';
import { consoleActor, selfServiceActor } from '../default-options';
import { badRequest } from '../http/http-errors';
import { isObjectId } from '../object-id';
import type { UserStore } from './user-store';

function requireId(id: string): string {
  if (!isObjectId(id)) throw badRequest(`Bad Request: invalid object id "${id}"`);
  return id;
}

function bodyOf(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('Bad Request: the body must be a JSON object');
  return body as Record<string, unknown>;
}

/**
 * Test controls for users, mounted at `/__emulator/users`:
 * - `POST /{id}/bind` body `{bound: boolean}` marks the user bound to resources (systems, apps),
 *   which makes JumpCloud refuse username changes. Answers `{_id, username, bound}`.
 * - `POST /console`, `PUT /{id}/console`, `DELETE /{id}/console`: create, change or delete a user
 *   as a person in the admin console would (same rules as the API; DI `auth_method` `session`),
 *   so tests can make changes from outside the bridge.
 * - `POST /{id}/first-login` body `{password}`: the user completes activation in the portal
 *   (password set, `activated` true; DI `user_password_set` initiated by the user).
 * - `GET /mails` (optionally `?user=<id>`): the activation and welcome mails JumpCloud would have
 *   sent, oldest first: `[{userId, kind, to, at}]`.
 */
export function userControlRouter(users: UserStore, options: EmulatorOptions): Router {
  const router = Router();
  router.get('/mails', (req, res) => {
    const user = req.query.user;
    res.json(users.mails(typeof user === 'string' ? requireId(user) : undefined));
  });
  router.post('/console', (req, res) => {
    res.json(users.create(bodyOf(req.body), consoleActor(options)));
  });
  router.put('/:id/console', (req, res) => {
    res.json(users.update(requireId(req.params.id), bodyOf(req.body), consoleActor(options)));
  });
  router.delete('/:id/console', (req, res) => {
    res.json(users.remove(requireId(req.params.id), req.query.cascade_manager === 'null', consoleActor(options)));
  });
  router.post('/:id/first-login', (req, res) => {
    const id = requireId(req.params.id);
    const password = bodyOf(req.body).password;
    if (typeof password !== 'string' || password === '') throw badRequest('Bad Request: password is required');
    res.json(users.update(id, { password }, selfServiceActor(users.read(id))));
  });
  router.post('/:id/bind', (req, res) => {
    const id = req.params.id;
    if (!isObjectId(id)) throw badRequest(`Bad Request: invalid object id "${id}"`);
    const bound: unknown = (req.body as Record<string, unknown> | undefined)?.bound;
    if (typeof bound !== 'boolean') throw badRequest('Bad Request: bound must be a boolean');
    const user = users.setBound(id, bound);
    res.json({ _id: user._id, username: user.username, bound });
  });
  return router;
}
