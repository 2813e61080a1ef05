/**
 * Media types of SCIM bodies (RFC 7644 §3.1, §3.8 and the registration of §10.1).
 *
 * Which bodies are read: RFC 7644 §3.1 names `application/scim+json` and §3.8 asks for JSON in
 * UTF-8; clients commonly send `application/json` (Okta, curl-based tools), so both are
 * accepted, with any parameters, in any letter case; a charset other than UTF-8 is not. A body
 * without Content-Type is classified `missing` so the HTTP layer can decide on it.
 *
 * What a refused body gets: RFC 7644 §3.12 has no row for it. The HTTP layer
 * (`http/scim/scim-body.middleware.ts`) answers 415 Unsupported Media Type (RFC 9110 §15.5.16)
 * rather than a 400 `invalidSyntax`, because the body was never read as SCIM at all and 415 tells
 * a client precisely that; the detail names the media types that are accepted.
 */
/** RFC 7644 §3.1 and §10.1: the SCIM media type. */
export const SCIM_MEDIA_TYPE = 'application/scim+json';

/** The Content-Type of every SCIM response body. */
export const SCIM_CONTENT_TYPE = `${SCIM_MEDIA_TYPE}; charset=utf-8`;

/** Media types a request body may carry (what a JSON body parser should be told to read). */
export const ACCEPTED_BODY_MEDIA_TYPES: readonly string[] = [SCIM_MEDIA_TYPE, 'application/json'];

/** How a request's Content-Type header reads. */
export type BodyMediaType = 'scim' | 'json' | 'missing' | 'unsupported';

/** Classifies a Content-Type header value (type/subtype case-insensitive, parameters allowed). */
export function classifyContentType(contentTypeHeader: string | undefined): BodyMediaType {
  if (contentTypeHeader === undefined || contentTypeHeader.trim() === '') return 'missing';
  const [essence = '', ...parameters] = contentTypeHeader.split(';').map((part) => part.trim());
  const charset = parameters
    .map((parameter) => parameter.split('='))
    .find(([name]) => name?.trim().toLowerCase() === 'charset')?.[1]
    ?.trim()
    .replace(/^"(.*)"$/, '$1')
    .toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return 'unsupported';
  switch (essence.toLowerCase()) {
    case SCIM_MEDIA_TYPE:
      return 'scim';
    case 'application/json':
      return 'json';
    default:
      return 'unsupported';
  }
}

/** Whether a request body with this Content-Type is read as SCIM JSON (see the module note). */
export function acceptsScim(contentTypeHeader: string | undefined): boolean {
  return classifyContentType(contentTypeHeader) !== 'unsupported';
}
