// setupFilesAfterEnv: the log scan of issue 12. Every password, secret and credential a test
// sends is registered (watch-test-requests), and after each test everything the capture loggers
// and the child-process tests recorded is scanned for the file's secrets: a hit fails that test
// (jest-circus reports an afterEach error as the test's failure). Lines logged in the file's
// beforeAll/afterAll hooks are scanned by the test environment when the whole file has run
// (scan-environment.ts): a setupFilesAfterEnv afterAll would run BEFORE the file's own top-level
// afterAll, where harnesses close and log their shutdown.
import { scanCapturedOutput } from './scan-now';
import { watchTestRequests } from './watch-test-requests';

watchTestRequests();

afterEach(() => {
  scanCapturedOutput();
});
