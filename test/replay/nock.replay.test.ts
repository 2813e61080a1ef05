import { describeFailure, replayFixture } from '../../src/fixtures/replay-engine';
import { scimHttpClient } from '../../src/fixtures/scim-http-client';
import { fixtureFolders, runsOn } from './support/fixture-suites';
import { NOCK_JUMPCLOUD_ORIGIN, nockTarget } from './support/nock-target';
import { REPLAY_SCIM_TOKEN, startReplayBridge } from './support/replay-bridge';

// Target 1: JumpCloud is the fixture (nock, strict). Each folder a describe, each fixture a test.
describe.each(fixtureFolders())('$folder fixtures replayed with JumpCloud from the fixture (nock)', ({ fixtures }) => {
  test.each(fixtures.filter((f) => runsOn(f, 'nock')).map((f) => [f.name, f] as const))('%s', async (_name, loaded) => {
    const bridge = await startReplayBridge({ jumpcloudUrl: NOCK_JUMPCLOUD_ORIGIN, apiKey: 'replay-nock-key', settings: loaded.fixture.settings });
    try {
      const result = await replayFixture(loaded.fixture, nockTarget({ baseUrl: bridge.scimBaseUrl, token: REPLAY_SCIM_TOKEN, send: scimHttpClient(bridge.scimBaseUrl) }, loaded.fixture.steps));
      expect(describeFailure(result)).toEqual([]);
      expect(result.passed).toBe(true);
    } finally {
      await bridge.close();
    }
  });
});
