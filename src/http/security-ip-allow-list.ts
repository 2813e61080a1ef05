import { BlockList, isIP } from 'node:net';
import type { RequestHandler } from 'express';
import { ScimError } from '../scim/scim-error';
import { plainJsonErrors } from './error.middleware';

export interface IpAllowListOptions {
  /** Addresses and CIDR ranges, IPv4 and IPv6 (validated by the config loader). */
  allowed: readonly string[];
  /** Requests under this path get a SCIM error body; others a plain JSON one. */
  scimBasePath: string;
  /** Paths open to every address (health probes). */
  openPaths: readonly string[];
}

/** Builds the matcher; throws on an entry that is not an address or CIDR (config validates first). */
export function compileAllowList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address);
    if (family === 0) throw new Error(`IP allow-list entry "${entry}" is not an IPv4 or IPv6 address or CIDR range`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return list;
}

/**
 * The client address as the allow-list compares it: IPv4-mapped IPv6 (`::ffff:192.0.2.1`, what a
 * dual-stack socket reports for IPv4 clients) becomes plain IPv4, and an IPv6 zone id is dropped.
 */
export function normalizeAddress(address: string): { address: string; type: 'ipv4' | 'ipv6' } | undefined {
  const bare = address.replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
  const candidate = mapped?.[1] ?? bare;
  const family = isIP(candidate);
  if (family === 0) return undefined;
  return { address: candidate, type: family === 4 ? 'ipv4' : 'ipv6' };
}

/**
 * IP_ALLOW_LIST: a request from any other address is refused with 403 before authentication
 * (so credentials are never checked for strangers). The address is `req.ip`: the TCP peer, or
 * the X-Forwarded-For entry the app's `trust proxy` setting (TRUST_PROXY) vouches for. The
 * health probes stay open to everyone; loopback gets no special pass (a reverse proxy on the
 * same host would otherwise let the whole world in as 127.0.0.1).
 */
export function ipAllowList(options: IpAllowListOptions): RequestHandler {
  const list = compileAllowList(options.allowed);
  const base = options.scimBasePath.toLowerCase();
  const open = new Set(options.openPaths.map((path) => path.toLowerCase()));
  return (req, res, next) => {
    const path = req.path.toLowerCase();
    if (open.has(path)) {
      next();
      return;
    }
    const client = normalizeAddress(req.ip ?? '');
    if (client && list.check(client.address, client.type)) {
      next();
      return;
    }
    const error = ScimError.status(403, `Requests from ${client?.address ?? 'an unknown address'} are not allowed by this service's IP allow-list.`);
    if (path === base || path.startsWith(`${base}/`)) next(error);
    else plainJsonErrors()(req, res, () => next(error));
  };
}
