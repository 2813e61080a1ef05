import { Writable } from 'node:stream';
import winston from 'winston';
import { createLogger, type Logger, type LoggerOptions } from '../../../src/logging/logger';
import { recordOutput } from './scan-state';

/** A winston transport that hands each finished line (as the bridge would write it) to `write`. */
function lineTransport(write: (line: string) => void): winston.transport {
  // decodeStrings: false keeps winston's string as is (no Buffer round trip per line).
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      write(String(chunk).trimEnd());
      done();
    },
  });
  return new winston.transports.Stream({ stream, eol: '' });
}

/**
 * The bridge's own logger (`createLogger`: request context, redaction, JSON) at level `debug`, so
 * every line the code under test can produce is produced, written to memory instead of the
 * console, and scanned for this test file's secrets when the test ends (test/support/log-scan).
 * `onLine` also receives each line, for a test that reads the log.
 */
export function captureLogger(options: { source?: string; secrets?: LoggerOptions['secrets']; onLine?: (line: string) => void } = {}): Logger {
  const source = options.source ?? 'bridge log';
  return createLogger({
    level: 'debug',
    secrets: options.secrets,
    transports: [
      lineTransport((line) => {
        recordOutput(source, line);
        options.onLine?.(line);
      }),
    ],
  });
}
