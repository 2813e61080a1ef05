/** The `meta` of a discovery resource (RFC 7643 §3.1, §5-7): its resource type and location. */
export interface DiscoveryMeta {
  resourceType: 'ServiceProviderConfig' | 'ResourceType' | 'Schema';
  location: string;
}

/** `meta` for a discovery document at `path` under the SCIM base URL. */
export function discoveryMeta(resourceType: DiscoveryMeta['resourceType'], baseUrl: string, path: string): DiscoveryMeta {
  return { resourceType, location: `${baseUrl.replace(/\/+$/, '')}${path}` };
}
