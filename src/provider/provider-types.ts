import type { ScimResource } from '../scim/scim-urns';

/** Where the client reached the bridge: the public SCIM base URL, for meta.location. */
export interface RequestScope {
  /** e.g. `https://scim.example.com/scim/v2` (no trailing slash). */
  scimBaseUrl: string;
}

/** HTTP preconditions of a request (RFC 7644 §3.14). */
export interface Preconditions {
  ifMatch?: string;
  ifNoneMatch?: string;
}

/** Which attributes the client wants back (RFC 7644 §3.4.2.5 / §3.9). */
export interface Projection {
  attributes?: string[];
  excludedAttributes?: string[];
}

/** One resource as the bridge answers it, with its ETag. */
export interface ResourceAnswer {
  resource: ScimResource;
  etag: string;
}

/** A conditional GET whose `If-None-Match` matched: 304, with the ETag a 200 would carry (RFC 7232 §4.1). */
export interface NotModified {
  notModified: true;
  etag: string;
}
