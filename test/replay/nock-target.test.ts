import { join } from 'node:path';
import type { Fixture } from '../../src/fixtures/fixture-types';
import { loadFixtureFile } from '../../src/fixtures/load-fixtures';
import { describeFailure, replayFixture, type FixtureResult } from '../../src/fixtures/replay-engine';
import { scimHttpClient } from '../../src/fixtures/scim-http-client';
import { FIXTURES_ROOT } from './support/fixture-suites';
import { NOCK_JUMPCLOUD_ORIGIN, nockTarget } from './support/nock-target';
import { REPLAY_SCIM_TOKEN, startReplayBridge, type ReplayBridge } from './support/replay-bridge';

// The nock target must be strict: these tests sabotage a known-good fixture and expect the
// failure to name the JumpCloud call that was unexpected or missing.
const joiner = loadFixtureFile(join(FIXTURES_ROOT, 'sailpoint', 'joiner-with-password.json')).fixture;
let bridge: ReplayBridge;

beforeAll(async () => {
  bridge = await startReplayBridge({ jumpcloudUrl: NOCK_JUMPCLOUD_ORIGIN, apiKey: 'nock-key' });
});

afterAll(async () => {
  await bridge.close();
});

function replay(fixture: Fixture): Promise<FixtureResult> {
  return replayFixture(fixture, nockTarget({ baseUrl: bridge.scimBaseUrl, token: REPLAY_SCIM_TOKEN, send: scimHttpClient(bridge.scimBaseUrl) }));
}

function copy(): Fixture & { steps: Required<Fixture['steps'][number]>[] } {
  return JSON.parse(JSON.stringify(joiner));
}

describe('nock target strictness', () => {
  it('passes the untouched fixture', async () => {
    const result = await replay(copy());
    expect(describeFailure(result)).toEqual([]);
  });

  it('fails a step whose JumpCloud call the fixture does not list, naming it', async () => {
    const fixture = copy();
    fixture.steps[1]!.jumpcloud = fixture.steps[1]!.jumpcloud.filter((call) => !call.path.startsWith('/api/systemusers/'));
    const result = await replay(fixture);
    expect(result.passed).toBe(false);
    expect(result.steps[1]?.problems.join('\n')).toMatch(/unexpected JumpCloud call GET \/api\/systemusers\/[0-9a-f]{24}/);
  });

  it('fails a step when a listed JumpCloud call is never made, naming it', async () => {
    const fixture = copy();
    fixture.steps[0]!.jumpcloud.push({ method: 'DELETE', path: '/api/systemusers/64b0a1f2c3d4e5f6a7b8c901', reply: { status: 200, body: {} } });
    const result = await replay(fixture);
    expect(result.passed).toBe(false);
    expect(result.steps[0]?.problems).toContain('missing JumpCloud call DELETE /api/systemusers/64b0a1f2c3d4e5f6a7b8c901');
  });

  it('treats a call whose body differs from the listed subset as unexpected', async () => {
    const fixture = copy();
    (fixture.steps[0]!.jumpcloud[0]!.body as Record<string, unknown>).department = 'Sales';
    const result = await replay(fixture);
    expect(result.passed).toBe(false);
    const problems = result.steps[0]?.problems.join('\n') ?? '';
    expect(problems).toContain('unexpected JumpCloud call POST /api/systemusers');
    expect(problems).toContain('missing JumpCloud call POST /api/systemusers');
    expect(result.skippedSteps).toBe(1);
  });

  it('fails on a SCIM answer that differs, naming the JSON path', async () => {
    const fixture = copy();
    (fixture.steps[0]!.response.body as Record<string, unknown>).title = 'Manager';
    const result = await replay(fixture);
    expect(result.steps[0]?.problems).toContain('body.title: expected "Manager", got "Analyst"');
  });
});
