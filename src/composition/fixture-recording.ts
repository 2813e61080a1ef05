import type { BridgeConfig } from '../config/load-config';
import { startRecording, type Recording } from '../fixtures/recorder/start-recording';
import { resolveEndpoints } from '../jumpcloud';
import type { JumpCloudTarget } from './jumpcloud-target';

/**
 * Starts recording SCIM exchanges as fixtures when RECORD_FIXTURES_DIR is set: the JumpCloud
 * client is then pointed at the recording proxy, which forwards to the real target. Every secret
 * the process knows is handed to the redactor.
 */
export async function startRecordingIfAsked(config: BridgeConfig, target: Pick<JumpCloudTarget, 'baseUrl'>, secrets: readonly string[]): Promise<Recording | undefined> {
  if (!config.recordFixturesDir) return undefined;
  const endpoints = resolveEndpoints({ region: config.jumpcloud.region, baseUrl: target.baseUrl });
  return startRecording({
    dir: config.recordFixturesDir,
    scimBasePath: config.scimBasePath,
    publicBaseUrl: config.publicBaseUrl,
    secrets,
    upstream: { consoleBase: endpoints.v1.replace(/\/api$/, ''), insightsBase: endpoints.insights.replace(/\/insights\/directory\/v1$/, '') },
  });
}
