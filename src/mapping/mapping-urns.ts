/**
 * The project's own extension schema for JumpCloud custom attributes (`attributes[]`). It is not an
 * `urn:ietf` URN on purpose: RFC 7643 §3.3 reserves those for IANA-registered schemas, and
 * extensions defined by a service provider live under its own namespace.
 */
export const JUMPCLOUD_USER_EXTENSION_URN = 'urn:jumpcloud-scim-bridge:schemas:extension:jumpcloud:2.0:User';
