import type { BridgeConfig } from './load-config';

/** A setting that is valid but risky as given: the process starts, and says so once at start. */
export interface ConfigWarning {
  setting: string;
  message: string;
}

/**
 * The warnings a valid configuration deserves. A numeric TRUST_PROXY believes the last N
 * X-Forwarded-For entries from whoever connects: a client that reaches the port directly (not
 * through the proxy) writes those entries itself and so picks its own address, past
 * IP_ALLOW_LIST and the failed-login throttle. The proxies' addresses believe only the proxies.
 */
export function configWarnings(config: BridgeConfig): ConfigWarning[] {
  const warnings: ConfigWarning[] = [];
  const trustProxy = config.network.trustProxy;
  if (typeof trustProxy === 'number' && trustProxy > 0) {
    warnings.push({
      setting: 'TRUST_PROXY',
      message:
        `TRUST_PROXY=${trustProxy} believes X-Forwarded-For from any client that reaches the port directly (bypassing the proxy), which can then choose its own address for IP_ALLOW_LIST, logs and the failed-login throttle. ` +
        'Set TRUST_PROXY to the proxy addresses or CIDR ranges instead (e.g. TRUST_PROXY=10.0.0.5 or 10.0.0.0/24, or loopback), or make sure only the proxy can reach the port.',
    });
  }
  return warnings;
}
