import { Router } from 'express';
import { ScimError } from '../../scim/scim-error';

/** Asset names the build produces: a flat directory, no paths, no dotfiles. */
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * `GET /` -> index.html and `GET /assets/<file>` -> that file, both from the built console
 * directory (`dist/console/`). `/console` without the slash is redirected so that the page's
 * relative asset URLs resolve under /console/. A missing build is a 404 naming the cause.
 */
export function consoleStaticRoutes(staticDir: string): Router {
  const router = Router();
  const send = (file: string, res: import('express').Response, next: import('express').NextFunction) => {
    res.sendFile(file, { root: staticDir, dotfiles: 'deny' }, (err) => {
      if (err && !res.headersSent) next(ScimError.status(404, 'The console is not built here: run "npm run build".'));
    });
  };
  router.get('/', (req, res, next) => {
    if (!req.originalUrl.split('?')[0]?.endsWith('/')) {
      res.redirect(301, `${req.baseUrl}/`);
      return;
    }
    send('index.html', res, next);
  });
  router.get('/assets/:file', (req, res, next) => {
    const file = req.params.file;
    if (!ASSET_NAME.test(file) || file.includes('..')) {
      next(ScimError.status(404, 'No such console asset.'));
      return;
    }
    // Assets hold no data: revalidated (ETag) instead of never stored.
    res.setHeader('Cache-Control', 'no-cache');
    send(file, res, next);
  });
  return router;
}
