import { ScimError } from '../../src/scim/scim-error';

/** The ScimError `run` throws; any other error is rethrown, and no error at all fails the test. */
export function thrownScimError(run: () => unknown): ScimError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScimError) return error;
    throw error;
  }
  throw new Error('expected a ScimError');
}
