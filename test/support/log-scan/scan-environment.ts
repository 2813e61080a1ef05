import { appendFileSync } from 'node:fs';
import { TestEnvironment } from 'jest-environment-node';
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import { scanCapturedOutput } from './scan-now';
import { logScanState } from './scan-state';

/**
 * jest's node environment plus the log scan's last pass: when the whole test file has run (every
 * afterAll included), what was captured since the last afterEach scan (beforeAll and afterAll
 * hooks: harness start-up and shutdown lines) is scanned, and a leak fails the file.
 */
export default class LogScanEnvironment extends TestEnvironment {
  private readonly testPath: string;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.testPath = context.testPath;
  }

  async handleTestEvent(event: Circus.Event, state: Circus.State): Promise<void> {
    if (event.name !== 'run_finish') return;
    try {
      scanCapturedOutput(this.global);
    } catch (leak) {
      // An unhandled error of the run: jest reports "Test suite failed to run" and fails the file.
      state.unhandledErrors.push(leak);
    }
    // LOG_SCAN_STATS=<file>: one JSON line per test file (lines scanned, secrets known), to show the scan saw the suite.
    const statsFile = process.env.LOG_SCAN_STATS;
    if (statsFile) {
      const { scanned, secrets } = logScanState(this.global);
      appendFileSync(statsFile, `${JSON.stringify({ file: this.testPath, lines: scanned, secrets: secrets.size })}\n`);
    }
  }
}
