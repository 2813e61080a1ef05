import { EmulatorHttpError } from '../context';

/** 400 with JumpCloud's plain `{message}` body. */
export function badRequest(message: string): EmulatorHttpError {
  return new EmulatorHttpError(400, { message });
}

/** 404 `{"message":"Not Found"}`, the body JumpCloud answers for an unknown id or route. */
export function notFound(): EmulatorHttpError {
  return new EmulatorHttpError(404, { message: 'Not Found' });
}

/** 409 with a `{message}` body. */
export function conflict(message: string): EmulatorHttpError {
  return new EmulatorHttpError(409, { message });
}
