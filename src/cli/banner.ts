import type { RunningBridge } from '../composition/start-bridge';

/** The lines `npm start` prints: where the bridge is, how to authenticate, one command to try. */
export function bridgeBanner(bridge: RunningBridge, version: string): string {
  const token = bridge.generatedToken;
  const lines = [
    `jumpcloud-scim-bridge ${version} is running.`,
    `  SCIM base URL   ${bridge.scimBaseUrl}`,
    token
      ? `  SCIM token      ${token}   (generated for this run; set SCIM_BEARER_TOKEN to choose one)`
      : '  SCIM token      the one(s) in SCIM_BEARER_TOKEN',
    bridge.jumpcloud.mode === 'emulator'
      ? `  JumpCloud       embedded emulator at ${bridge.jumpcloud.baseUrl}   API key ${bridge.jumpcloud.apiKey}`
      : `  JumpCloud       ${bridge.jumpcloud.baseUrl ?? 'the configured region'} (real organisation)`,
    'Try it:',
    `  curl -s -H 'Authorization: Bearer ${token ?? '<your SCIM token>'}' '${bridge.scimBaseUrl}/Users?count=2'`,
  ];
  return lines.join('\n');
}
