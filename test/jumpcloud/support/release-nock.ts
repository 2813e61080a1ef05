// nock 14 (via @mswjs/interceptors) patches http once per process and REUSES a running interceptor:
// the nock loaded by test/support/no-network.ts in an earlier test file of the same jest worker keeps
// answering (with its empty registry) unless that file restored it. Import this for its side effect
// in every test file, so each file releases its nock when it ends. (Belongs in a jest
// setupFilesAfterEnv for the whole repository: reported to the lead.)
import nock from 'nock';

afterAll(() => {
  nock.restore();
});
