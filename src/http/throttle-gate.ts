/** How JumpCloud is pushing back: rate limiting (429) or failing (5xx, timeouts, dropped connections). */
export type PushbackKind = 'rate-limited' | 'unavailable';

/** While the gate is shut: why, and until when. */
export interface GateState {
  kind: PushbackKind;
  /** Epoch ms at which requests go through to JumpCloud again. */
  until: number;
  /** Whole seconds left (at least 1), for Retry-After. */
  retryAfterSeconds: number;
}

export interface ThrottleGateOptions {
  /** Clock in epoch ms (tests pass their own). */
  now?: () => number;
  /** Longest hold, whatever Retry-After JumpCloud sent (a wrong HTTP-date must not shut the bridge for a day). */
  maxHoldSeconds?: number;
  /** How long a JumpCloud failure still says what kind of pushback a later give-up was. */
  memoryMs?: number;
}

/** Longest hold by default: 15 minutes. */
export const DEFAULT_MAX_HOLD_SECONDS = 900;

/**
 * A circuit-breaker-like gate in front of JumpCloud. It shuts when a SCIM request gave up on
 * JumpCloud after the client's own retries (sustained 429 or 5xx) and stays shut for the
 * Retry-After that request answered; meanwhile SCIM requests are refused at once with the same
 * Retry-After instead of queueing more calls into the pushback and holding connections open
 * towards SailPoint's one-minute timeout. The kind (429 vs 503 for the client) comes from the
 * last failed JumpCloud attempt the gate was told about.
 */
export class ThrottleGate {
  private readonly now: () => number;
  private readonly maxHoldSeconds: number;
  private readonly memoryMs: number;
  private lastFailure: { kind: PushbackKind; at: number } | undefined;
  private shut: { kind: PushbackKind; until: number } | undefined;

  constructor(options: ThrottleGateOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxHoldSeconds = options.maxHoldSeconds ?? DEFAULT_MAX_HOLD_SECONDS;
    this.memoryMs = options.memoryMs ?? 60_000;
  }

  /** One JumpCloud attempt's answer (undefined: no answer came). Only failures are remembered. */
  noteUpstreamAnswer(status: number | undefined): void {
    if (status === 429) this.lastFailure = { kind: 'rate-limited', at: this.now() };
    else if (status === undefined || status >= 500) this.lastFailure = { kind: 'unavailable', at: this.now() };
  }

  /** A request gave up on JumpCloud and told its client to wait `retryAfterSeconds`: shut the gate that long. */
  trip(retryAfterSeconds: number): GateState {
    const now = this.now();
    const recent = this.lastFailure && now - this.lastFailure.at <= this.memoryMs ? this.lastFailure.kind : 'unavailable';
    const hold = Math.min(Math.max(1, Math.ceil(retryAfterSeconds)), this.maxHoldSeconds);
    const until = now + hold * 1000;
    // A second give-up never shortens a hold already in force.
    if (!this.shut || this.shut.until < until) this.shut = { kind: recent, until };
    return this.state() as GateState;
  }

  /** The hold in force, or undefined when requests may go through. */
  state(): GateState | undefined {
    if (!this.shut) return undefined;
    const left = this.shut.until - this.now();
    if (left <= 0) {
      this.shut = undefined;
      return undefined;
    }
    return { kind: this.shut.kind, until: this.shut.until, retryAfterSeconds: Math.max(1, Math.ceil(left / 1000)) };
  }
}
