import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import winston from 'winston';
import { createLogger, type Logger } from '../logging/logger';

export interface AuditLogOptions {
  /** The JSON-lines file. */
  file: string;
  /** Rotate when the file reaches this many bytes. */
  maxBytes: number;
  /** Rotated files kept. */
  maxFiles: number;
  /** Secret values scrubbed from every line (the same redaction as the operational log). */
  secrets?: readonly string[];
}

/**
 * The audit log: its own winston logger writing every audit record as one JSON line to its own
 * file, rotated by size (winston's File transport: `audit.log`, `audit1.log`, ...), through the
 * bridge's redacting logger factory. Separate from the operational log so it can be shipped
 * and kept on its own terms.
 */
export function createAuditLog(options: AuditLogOptions): Logger {
  mkdirSync(dirname(options.file), { recursive: true });
  return createLogger({
    level: 'info',
    secrets: options.secrets,
    transports: [new winston.transports.File({ filename: options.file, maxsize: options.maxBytes, maxFiles: options.maxFiles, tailable: true })],
  });
}
