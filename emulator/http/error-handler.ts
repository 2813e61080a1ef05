import type { ErrorRequestHandler, RequestHandler } from 'express';
import { EmulatorHttpError } from '../context';

/** The last route: JumpCloud's 404 body for any path it does not serve. */
export function unknownRoute(): RequestHandler {
  return (_req, res) => {
    res.status(404).json({ message: 'Not Found' });
  };
}

/**
 * The app's one error handler: `EmulatorHttpError` -> its status and body; body-parser's own
 * failures (malformed JSON 400, too large 413, bad charset 415) -> that status with a
 * `{message}`; anything else -> 500 `{"message":"Internal Server Error"}`, never a stack.
 * Written so that it cannot throw: it reads nothing it has not checked.
 */
export function errorHandler(): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) {
      // Too late to answer: let Express close the connection.
      next(err);
      return;
    }
    const { status, body } = answerFor(err);
    res.status(status).json(body);
  };
}

function answerFor(err: unknown): { status: number; body: Record<string, unknown> } {
  if (err instanceof EmulatorHttpError) return { status: err.status, body: err.body };
  const parserStatus = bodyParserStatus(err);
  if (parserStatus === 400) return { status: 400, body: { message: 'Bad Request: the body is not valid JSON' } };
  if (parserStatus === 413) return { status: 413, body: { message: 'Request Entity Too Large' } };
  if (parserStatus !== undefined) return { status: parserStatus, body: { message: 'Bad Request: unsupported request body' } };
  return { status: 500, body: { message: 'Internal Server Error' } };
}

/** body-parser marks its failures with `type` `entity.*`/`encoding.*`/`charset.*` and a 4xx status. */
function bodyParserStatus(err: unknown): number | undefined {
  if (err === null || typeof err !== 'object') return undefined;
  const { type, status } = err as { type?: unknown; status?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  return status;
}
