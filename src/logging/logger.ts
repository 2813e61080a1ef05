import winston from 'winston';
import { currentRequestContext } from './request-context';
import { redact } from './redact';

/** The logging surface the rest of the bridge depends on (winston's, narrowed). */
export type Logger = winston.Logger;

export interface LoggerOptions {
  level: string;
  /** Secret values (API key, tokens) to scrub from every line, on top of the key-based rules. */
  secrets?: readonly string[];
  /**
   * A list the caller keeps adding to (tenants reloaded with new credentials): read at every line.
   * When given, it is used instead of a copy of `secrets`.
   */
  liveSecrets?: string[];
  /** Where lines go; stdout as JSON lines by default. Tests pass their own. */
  transports?: winston.transport[];
}

/**
 * Creates the bridge's logger: JSON lines, ISO timestamps, the current request id (and client
 * label) on every line, and redaction that cannot be switched off.
 */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = options.liveSecrets ?? [...(options.secrets ?? [])];
  const withRequestContext = winston.format((info) => {
    const context = currentRequestContext();
    if (context) {
      info.requestId ??= context.requestId;
      if (context.client) info.client ??= context.client;
    }
    return info;
  });
  const redacted = winston.format((info) => {
    // Winston keeps its own bookkeeping under symbol keys: keep those, scrub the rest.
    const clean = redact({ ...info }, secrets) as Record<string, unknown>;
    for (const key of Object.keys(info)) delete (info as Record<string, unknown>)[key];
    return Object.assign(info, clean);
  });
  const logger = winston.createLogger({
    level: options.level,
    format: winston.format.combine(withRequestContext(), winston.format.timestamp(), winston.format.errors({ stack: true }), redacted(), winston.format.json()),
    transports: options.transports ?? [new winston.transports.Console()],
  });
  return dropDisabledLevelsEarly(logger);
}

/**
 * Makes each level method (`debug`, `http`, ...) return at once when its level is off. Winston
 * itself does not: it builds the entry and runs it through every format (request context,
 * timestamp, redaction, JSON) before a transport drops it, and the bridge logs a debug line per
 * JumpCloud call and an http line per request, so at LOG_LEVEL=warn that was a few percent of
 * every request's CPU (issue 13). The level is read on every call, so changing `logger.level`
 * at run time still works; `test/perf/log-entries.test.ts` counts the entries built.
 */
function dropDisabledLevelsEarly(logger: Logger): Logger {
  const methods = logger as unknown as Record<string, (...args: unknown[]) => Logger>;
  for (const level of Object.keys(logger.levels)) {
    const write = methods[level];
    if (typeof write !== 'function') continue;
    methods[level] = function (this: Logger | undefined, ...args: unknown[]): Logger {
      const self = this ?? logger;
      return self.isLevelEnabled(level) ? write.apply(self, args) : self;
    };
  }
  return logger;
}
