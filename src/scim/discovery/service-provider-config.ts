import { URN } from '../scim-urns';
import { discoveryMeta, type DiscoveryMeta } from './discovery-meta';

/** The authentication schemes the bridge can announce (RFC 7643 §5 `authenticationSchemes.type`). */
export type AuthenticationSchemeType = 'oauthbearertoken' | 'oauth2' | 'httpbasic';

/** What the service provider supports; the composition root fills it from configuration. */
export interface ServiceProviderOptions {
  documentationUri?: string;
  patch: boolean;
  bulk: { supported: boolean; maxOperations: number; maxPayloadSize: number };
  filter: { supported: boolean; maxResults: number };
  changePassword: boolean;
  sort: boolean;
  etag: boolean;
  /** In order of preference; the first one is marked `primary`. */
  authenticationSchemes: AuthenticationSchemeType[];
  /**
   * RFC 9865 §4 paging capabilities; omitted from the document when not given (strict client
   * libraries written before RFC 9865 refuse a document that carries it).
   */
  pagination?: PaginationCapabilities;
}

/** RFC 9865 §4: the `pagination` attribute of /ServiceProviderConfig. */
export interface PaginationCapabilities {
  cursor: boolean;
  index: boolean;
  /** The method used when a request names neither `cursor` nor `startIndex`. */
  defaultPaginationMethod: 'cursor' | 'index';
  defaultPageSize: number;
  maxPageSize: number;
  /** Seconds an issued cursor stays usable. */
  cursorTimeout: number;
}

interface AuthenticationScheme {
  type: AuthenticationSchemeType;
  name: string;
  description: string;
  specUri: string;
  primary?: boolean;
}

/** RFC 7643 §5 ServiceProviderConfig resource. */
export interface ServiceProviderConfigRepresentation {
  schemas: [typeof URN.serviceProviderConfig];
  documentationUri?: string;
  patch: { supported: boolean };
  bulk: { supported: boolean; maxOperations: number; maxPayloadSize: number };
  filter: { supported: boolean; maxResults: number };
  changePassword: { supported: boolean };
  sort: { supported: boolean };
  etag: { supported: boolean };
  authenticationSchemes: AuthenticationScheme[];
  pagination?: PaginationCapabilities;
  meta: DiscoveryMeta;
}

const SCHEMES: Record<AuthenticationSchemeType, Omit<AuthenticationScheme, 'type' | 'primary'>> = {
  oauthbearertoken: {
    name: 'OAuth Bearer Token',
    description: 'Authentication with a bearer token in the Authorization header (RFC 6750).',
    specUri: 'https://www.rfc-editor.org/info/rfc6750',
  },
  oauth2: {
    name: 'OAuth 2.0 Client Credentials',
    description: 'A short-lived bearer access token from the token endpoint POST /oauth/token, client credentials grant (RFC 6749 §4.4), client authenticated by HTTP Basic or body parameters.',
    specUri: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.4',
  },
  httpbasic: {
    name: 'HTTP Basic',
    description: 'Authentication with a user name and password in the Authorization header (RFC 7617).',
    specUri: 'https://www.rfc-editor.org/info/rfc7617',
  },
};

/**
 * Renders `/ServiceProviderConfig` (RFC 7643 §5). Every capability object carries its required
 * sub-attributes, including bulk's `maxOperations`/`maxPayloadSize` when bulk is unsupported;
 * `authenticationSchemes` lists the configured schemes, the first as `primary` (RFC 7643 §2.4).
 * `meta.location` is `<base>/ServiceProviderConfig`. The resource has no `id` (RFC 7643 §5).
 * `pagination` (RFC 9865 §4) is added when the options carry it.
 */
export function renderServiceProviderConfig(options: ServiceProviderOptions, baseUrl: string): ServiceProviderConfigRepresentation {
  for (const [name, value] of [
    ['bulk.maxOperations', options.bulk.maxOperations],
    ['bulk.maxPayloadSize', options.bulk.maxPayloadSize],
    ['filter.maxResults', options.filter.maxResults],
    ...(options.pagination
      ? ([
          ['pagination.defaultPageSize', options.pagination.defaultPageSize],
          ['pagination.maxPageSize', options.pagination.maxPageSize],
          ['pagination.cursorTimeout', options.pagination.cursorTimeout],
        ] as const)
      : []),
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`ServiceProviderConfig ${name} must be an integer >= 0; got ${String(value)}.`);
  }
  const schemes = [...new Set(options.authenticationSchemes)];
  return {
    schemas: [URN.serviceProviderConfig],
    ...(options.documentationUri ? { documentationUri: options.documentationUri } : {}),
    patch: { supported: options.patch },
    bulk: { supported: options.bulk.supported, maxOperations: options.bulk.maxOperations, maxPayloadSize: options.bulk.maxPayloadSize },
    filter: { supported: options.filter.supported, maxResults: options.filter.maxResults },
    changePassword: { supported: options.changePassword },
    sort: { supported: options.sort },
    etag: { supported: options.etag },
    authenticationSchemes: schemes.map((type, index) => ({ type, ...SCHEMES[type], ...(index === 0 ? { primary: true } : {}) })),
    ...(options.pagination ? { pagination: { ...options.pagination } } : {}),
    meta: discoveryMeta('ServiceProviderConfig', baseUrl, '/ServiceProviderConfig'),
  };
}
