/** Why `calibrate` stopped a step, as a type rather than as words inside a message. */
export type CalibrationErrorKind =
  /** A probe needs an object an earlier step could not create. */
  | 'missing-setup'
  /** JumpCloud answered in a way the step cannot go on from (e.g. its own events never appeared). */
  | 'no-evidence'
  /** The operator interrupted the run before the step started. */
  | 'interrupted'
  /** Bad input from the caller (a prefix, a length): a programming error. */
  | 'invalid-input';

/** A calibration step that cannot go on; the message is ours, never JumpCloud's error text. */
export class CalibrationError extends Error {
  override readonly name = 'CalibrationError';

  /** @param kind what kind of stop this is. */
  constructor(
    readonly kind: CalibrationErrorKind,
    message: string,
  ) {
    super(message);
  }
}
