/**
 * A JumpCloud region. A key works only in its own region. Only the hosts JumpCloud's own API
 * specifications name are here (JumpCloud.SDK.V1/V2.json: console.jumpcloud.com and
 * console.eu.jumpcloud.com; the Directory Insights spec: api.jumpcloud.com and its EU twin); an
 * India host is mentioned in NOTES.md but documented nowhere by JumpCloud, so it is not offered.
 */
export type JumpCloudRegion = 'us' | 'eu';

/** Base URLs for the three APIs the bridge calls (no trailing slash). */
export interface JumpCloudEndpoints {
  /** v1, e.g. https://console.jumpcloud.com/api */
  v1: string;
  /** v2, e.g. https://console.jumpcloud.com/api/v2 */
  v2: string;
  /** Directory Insights, e.g. https://api.jumpcloud.com/insights/directory/v1 */
  insights: string;
}

const HOSTS: Record<JumpCloudRegion, { console: string; api: string }> = {
  us: { console: 'https://console.jumpcloud.com', api: 'https://api.jumpcloud.com' },
  eu: { console: 'https://console.eu.jumpcloud.com', api: 'https://api.eu.jumpcloud.com' },
};

/** The regions JumpCloud documents, for config validation. */
export const JUMPCLOUD_REGIONS: readonly JumpCloudRegion[] = ['us', 'eu'];

function fromHosts(consoleBase: string, apiBase: string): JumpCloudEndpoints {
  return { v1: `${consoleBase}/api`, v2: `${consoleBase}/api/v2`, insights: `${apiBase}/insights/directory/v1` };
}

/**
 * Resolves the base URLs. `baseUrl` (e.g. the emulator's `http://127.0.0.1:8089`) overrides the
 * region and serves console AND insights paths from one origin; otherwise the region's hosts.
 */
export function resolveEndpoints(target: { region?: JumpCloudRegion; baseUrl?: string }): JumpCloudEndpoints {
  if (target.baseUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(target.baseUrl);
    } catch {
      throw new Error(`JumpCloud base URL is not a URL: ${target.baseUrl}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new Error(`JumpCloud base URL must be http(s): ${target.baseUrl}`);
    }
    if (url.username || url.password || url.search || url.hash) {
      throw new Error('JumpCloud base URL must not carry credentials, a query or a fragment');
    }
    const origin = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
    return fromHosts(origin, origin);
  }
  const region = target.region ?? 'us';
  const hosts = HOSTS[region];
  if (hosts === undefined) throw new Error(`Unknown JumpCloud region: ${String(region)} (expected us or eu)`);
  return fromHosts(hosts.console, hosts.api);
}
