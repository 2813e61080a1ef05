import { Writable } from 'node:stream';
import winston from 'winston';
import { createLogger } from '../../src/logging/logger';
import { runWithRequestContext } from '../../src/logging/request-context';
import { recordOutput, registerSecret } from '../support/log-scan/scan-state';

function capture(): { lines: () => Record<string, unknown>[]; transport: winston.transport } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      // The lines these tests read, the log scan reads too (with the key they redact registered).
      recordOutput('logger test', String(chunk));
      done();
    },
  });
  return {
    lines: () => chunks.join('').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>),
    transport: new winston.transports.Stream({ stream }),
  };
}

describe('createLogger', () => {
  it('writes JSON lines with a timestamp and the request id of the current request', async () => {
    const out = capture();
    const logger = createLogger({ level: 'info', transports: [out.transport] });
    await runWithRequestContext({ requestId: 'req-1', client: 'sailpoint' }, async () => {
      await Promise.resolve();
      logger.info('hello', { userName: 'ada' });
    });
    logger.info('outside');
    const [inside, outside] = out.lines();
    expect(inside).toMatchObject({ level: 'info', message: 'hello', userName: 'ada', requestId: 'req-1', client: 'sailpoint' });
    expect(typeof inside?.timestamp).toBe('string');
    expect(outside).not.toHaveProperty('requestId');
  });

  it('redacts secrets in metadata, messages and errors, always', () => {
    registerSecret('JumpCloud API key', 'jc-live-key-0123456789');
    const out = capture();
    const logger = createLogger({ level: 'debug', secrets: ['jc-live-key-0123456789'], transports: [out.transport] });
    logger.warn('calling with jc-live-key-0123456789', { headers: { 'x-api-key': 'jc-live-key-0123456789', authorization: 'Bearer t' }, body: { password: 'p@ss' } });
    logger.error('failed', { err: new Error('upstream said Bearer abc123 is bad') });
    const text = JSON.stringify(out.lines());
    expect(text).not.toContain('jc-live-key-0123456789');
    expect(text).not.toContain('p@ss');
    expect(text).not.toContain('abc123');
    expect(text).toContain('[REDACTED]');
  });

  it('honours the level', () => {
    const out = capture();
    const logger = createLogger({ level: 'warn', transports: [out.transport] });
    logger.info('hidden');
    logger.warn('shown');
    expect(out.lines().map((l) => l.message)).toEqual(['shown']);
  });
});
