import { Router } from 'express';
import { badRequest } from '../http/http-errors';
import { isObjectId } from '../object-id';
import type { UserStore } from './user-store';

/**
 * Test controls for users, mounted at `/__emulator/users`:
 * `POST /{id}/bind` body `{bound: boolean}` marks the user bound to resources (systems, apps),
 * which makes JumpCloud refuse username changes. Answers `{_id, username, bound}`.
 */
export function userControlRouter(users: UserStore): Router {
  const router = Router();
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
