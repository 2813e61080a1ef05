import { checkExchange, checkLogLines } from './fuzz-properties';
import type { FuzzCase } from './fuzz-requests';
import type { RawResponse } from './raw-http';
import { runFuzz } from './run-fuzz';

/** The CI run: 2,000 requests of every family, one seed (FUZZ_SEED picks another). `npm run fuzz` runs 100,000. */
const REQUESTS = 2_000;
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);

describe('fuzzing the bridge over HTTP (hostile requests against a bridge process on the emulator)', () => {
  it(`${REQUESTS} seeded requests: no 5xx, no leak, no change without an acknowledged write, the process up and /healthz quick`, async () => {
    const report = await runFuzz({ seed: SEED, requests: REQUESTS, healthBound: 'p99' });
    expect(report.findings).toEqual([]);
    expect(report.requests).toBe(REQUESTS);
    // Every family ran, valid writes changed JumpCloud, and the bridge logged (debug) what was scanned.
    for (const family of ['malformed-json', 'wrong-types', 'patch', 'filter', 'paging', 'hostile-id', 'bulk', 'search', 'headers', 'framing', 'targets', 'admin', 'valid-write']) {
      expect(report.byFamily[family] ?? 0).toBeGreaterThan(0);
    }
    expect(report.jumpcloudChanges).toBeGreaterThan(0);
    expect(report.logLines).toBeGreaterThan(REQUESTS);
    expect(report.health.probes).toBeGreaterThan(10);
  }, 120_000);
});

describe('the fuzz properties catch what they claim to', () => {
  const secrets = ['the-scim-token-123', 'the-jumpcloud-key-456'];
  const fuzzCase = (target: string, family = 'patch'): FuzzCase => ({ family, request: { method: 'PATCH', target, headers: [] } });
  const answer = (status: number, body = '', headers: Record<string, string> = { 'content-type': 'application/scim+json' }): RawResponse => ({ status, body, headers, elapsedMs: 1 });
  const scimError = (status: number) => JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), detail: 'x' });
  const properties = (target: string, response: RawResponse, mutations = 0, family?: string) => checkExchange(fuzzCase(target, family), response, mutations, secrets, '/scim/v2').map((f) => f.property);

  it('a 5xx is a finding unless it is throttling with Retry-After or the 501 of /Me', () => {
    expect(properties('/scim/v2/Users', answer(500, scimError(500)))).toEqual(['no-5xx']);
    expect(properties('/scim/v2/Users', answer(503, scimError(503)))).toEqual(['no-5xx']);
    expect(properties('/scim/v2/Users', answer(503, scimError(503), { 'content-type': 'application/scim+json', 'retry-after': '2' }))).toEqual([]);
    expect(properties('/scim/v2/Me', answer(501, scimError(501)))).toEqual([]);
    expect(properties('/scim/v2/Users', answer(501, scimError(501)))).toEqual(['no-5xx']);
  });

  it('a 4xx on a SCIM route must be a SCIM error with the same status (Node parser refusals aside)', () => {
    expect(properties('/scim/v2/Users', answer(400, scimError(400)))).toEqual([]);
    expect(properties('/scim/v2/Users', answer(400, '{"error":"bad"}'))).toEqual(['scim-error']);
    expect(properties('/scim/v2/Users', answer(404, scimError(400)))).toEqual(['scim-error']);
    expect(properties('/scim/v2/Users', answer(400, '', {}))).toEqual([]);
  });

  it('a secret, a client password or a stack trace in an answer is a finding', () => {
    expect(properties('/scim/v2/Users', answer(200, '{"detail":"the-scim-token-123"}'))).toEqual(['no-leak-in-answer']);
    expect(properties('/scim/v2/Users', answer(200, '{"password":"PwFzAbCdEfGhIj"}'))).toEqual(['no-leak-in-answer']);
    expect(properties('/scim/v2/Users', answer(200, 'Error: x\n    at run (/app/dist/src/x.js:1:2)'))).toEqual(['no-leak-in-answer']);
  });

  it('a JumpCloud change during a refused request is a finding; during an acknowledged one it is not', () => {
    expect(properties('/scim/v2/Users/x', answer(400, scimError(400)), 1)).toEqual(['no-change-without-write']);
    expect(properties('/scim/v2/Users/x', answer(200, '{}'), 1)).toEqual([]);
    const bulk = (status: string) => answer(200, JSON.stringify({ Operations: [{ status: '400' }, { status }] }));
    expect(properties('/scim/v2/Bulk', bulk('409'), 1)).toEqual(['no-change-without-write']);
    expect(properties('/scim/v2/Bulk', bulk('201'), 1)).toEqual([]);
  });

  it('no answer is a finding except for a request whose framing is broken', () => {
    expect(properties('/scim/v2/Users', answer(0), 0, 'patch')).toEqual(['answers']);
    expect(properties('/scim/v2/Users', answer(0), 0, 'framing')).toEqual([]);
  });

  it('log lines: a secret, a password, a stack or an error-level line is a finding', () => {
    const found = (line: string) => checkLogLines([line], secrets).map((f) => f.property);
    expect(found('{"level":"info","message":"ok"}')).toEqual([]);
    expect(found('{"level":"info","key":"the-jumpcloud-key-456"}')).toEqual(['no-leak-in-log']);
    expect(found('{"level":"debug","body":"PwFzAbCdEfGhIj"}')).toEqual(['no-leak-in-log']);
    expect(found('{"level":"error","message":"request failed"}')).toEqual(['no-server-fault-logged']);
  });
});
