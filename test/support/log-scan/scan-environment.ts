import { TestEnvironment } from 'jest-environment-node';
import type { Circus } from '@jest/types';
import { scanCapturedOutput } from './scan-now';

/**
 * jest's node environment plus the log scan's last pass: when the whole test file has run (every
 * afterAll included), what was captured since the last afterEach scan (beforeAll and afterAll
 * hooks: harness start-up and shutdown lines) is scanned, and a leak fails the file.
 */
export default class LogScanEnvironment extends TestEnvironment {
  async handleTestEvent(event: Circus.Event, state: Circus.State): Promise<void> {
    if (event.name !== 'run_finish') return;
    try {
      scanCapturedOutput(this.global);
    } catch (leak) {
      // An unhandled error of the run: jest reports "Test suite failed to run" and fails the file.
      state.unhandledErrors.push(leak);
    }
  }
}
