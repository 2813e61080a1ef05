// Tests are hermetic: nothing leaves the machine. Loopback stays open for the emulator and supertest.
import nock from 'nock';

nock.disableNetConnect();
nock.enableNetConnect(/^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/);
