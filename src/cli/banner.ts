import type { RunningBridge } from '../composition/start-bridge';

/** The lines `npm start` prints: where the bridge is, how to authenticate, one command to try. */
export function bridgeBanner(bridge: RunningBridge, version: string): string {
  if (bridge.tenants) return tenantsBanner(bridge, bridge.tenants, version);
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
    ...(bridge.consoleUrl ? [`  Console         ${bridge.consoleUrl}   (sign in with ADMIN_TOKEN)`] : []),
    'Try it:',
    `  curl -s -H 'Authorization: Bearer ${token ?? '<your SCIM token>'}' '${bridge.scimBaseUrl}/Users?count=2'`,
  ];
  return lines.join('\n');
}

/** TENANTS_FILE: where each tenant is served (its token is the one its entry references). */
function tenantsBanner(bridge: RunningBridge, tenants: readonly string[], version: string): string {
  const shown = tenants.slice(0, 20);
  return [
    `jumpcloud-scim-bridge ${version} is running with ${tenants.length} tenant(s) from TENANTS_FILE (reloaded on SIGHUP).`,
    `  SCIM base URLs  ${bridge.scimBaseUrl}`,
    ...shown.map((id) => `    ${bridge.scimBaseUrl.replace('{tenant}', id)}`),
    ...(tenants.length > shown.length ? [`    ... and ${tenants.length - shown.length} more`] : []),
    '  SCIM tokens     the ones each tenant\'s entry references',
    ...(bridge.consoleUrl ? [`  Console         ${bridge.consoleUrl}   (sign in with ADMIN_TOKEN for every tenant, or a tenant's admin token for that tenant)`] : []),
  ].join('\n');
}
