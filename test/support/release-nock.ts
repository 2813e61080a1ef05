// nock 14 (through @mswjs/interceptors) patches http once per process and reuses a running
// interceptor: a test file that ends without restoring nock leaves its (empty) registry answering
// for the next file in the same jest worker. Every file releases its nock when it ends.
import nock from 'nock';

afterAll(() => {
  nock.restore();
});
