import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { PLANTED_PASSWORD, PLANTED_TOKEN } from '../support/log-scan/fixtures/planted-secrets';

const ROOT = join(__dirname, '..', '..');
const JEST = join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');

interface JestRun {
  code: number | null;
  output: string;
  /** jest --json: per-file failure message and per-test status. */
  report: { testResults: { message: string; assertionResults: { title: string; status: string }[] }[] };
}

/** Runs the project's jest configuration on the leaky fixture only, in a child process. */
function runFixture(leak: boolean): Promise<JestRun> {
  const args = [JEST, '--ci', '--json', '--runInBand', '--testMatch', '<rootDir>/test/support/log-scan/fixtures/leaky.fixture.ts'];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: ROOT, env: { ...process.env, LOG_SCAN_FIXTURE_LEAK: leak ? '1' : '0', LOG_SCAN_STATS: '' }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr, report: JSON.parse(stdout) as JestRun['report'] });
    });
  });
}

const statuses = (run: JestRun) => Object.fromEntries(run.report.testResults.flatMap((file) => file.assertionResults.map((test) => [test.title, test.status])));

/**
 * The log scan's hooks, as jest really runs them (jest-circus): a secret in a captured line fails
 * the test that logged it (afterEach) or, logged in a top-level afterAll, the file (the test
 * environment's last pass); the same file without the leaks passes.
 */
describe('the log scan in a jest run', () => {
  it('fails each test that leaked and the file whose afterAll leaked, naming the secret masked', async () => {
    const run = await runFixture(true);
    expect(run.code).toBe(1);
    expect(statuses(run)).toEqual({
      'logs a registered token in a test': 'failed',
      'logs a password the test sent to the server': 'failed',
      'logs nothing secret': 'passed',
    });
    const message = run.report.testResults[0]?.message ?? '';
    expect(message).toContain('SCIM bearer token pl…(29 chars) in bridge log line 1');
    expect(message).toContain('password sent to the bridge Pl…(21 chars) in bridge log line 2');
    // The top-level afterAll ran after the setup file's hooks: the environment caught its line.
    expect(message).toContain('Test suite failed to run');
    expect(message).toMatch(/SCIM bearer token pl…\(29 chars\) in bridge log line \d+: \{"level":"info","message":"shutting down/);
    // The report never repeats the secrets it found.
    expect(run.output).not.toContain(PLANTED_TOKEN);
    expect(run.output).not.toContain(PLANTED_PASSWORD);
  }, 60_000);

  it('passes the same file when it logs no secret', async () => {
    const run = await runFixture(false);
    expect({ code: run.code, statuses: statuses(run) }).toEqual({
      code: 0,
      statuses: { 'logs a registered token in a test': 'passed', 'logs a password the test sent to the server': 'passed', 'logs nothing secret': 'passed' },
    });
  }, 60_000);
});
