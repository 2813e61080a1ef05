import type { RequestHandler } from 'express';
import type { Logger } from '../logging/logger';

/**
 * One `http` log line per request: method, path (no query: filters may hold personal data), status, duration.
 * Nothing is timed or listened for when the `http` level is off (LOG_LEVEL=warn, the production
 * default): this runs on every request (issue 13). The level is read per request, not at start.
 */
export function accessLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    if (!logger.isLevelEnabled('http')) {
      next();
      return;
    }
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      logger.http('request', {
        method: req.method,
        path: req.path,
        status: res.statusCode,
        durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
      });
    });
    next();
  };
}
