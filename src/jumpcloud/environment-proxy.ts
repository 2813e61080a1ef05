import { getProxyForUrl } from 'proxy-from-env';
import type { Api } from './transport';
import type { JumpCloudEndpoints } from './regions';

/**
 * axios' `proxy` setting for each JumpCloud API, decided once from the environment
 * (HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY, read by proxy-from-env, the library axios
 * itself uses): `false` where the environment sends the API's host through no proxy, and
 * `undefined` where it does, which leaves axios its own proxy handling (proxy credentials
 * included). Left to axios, the environment is read and the URL parsed again on every call: about
 * a third of axios' cost per call here (issue 13), for an answer that cannot change while the
 * process runs.
 */
export function proxySettingByApi(endpoints: JumpCloudEndpoints): Record<Api, false | undefined> {
  const setting = (baseUrl: string): false | undefined => (getProxyForUrl(baseUrl) === '' ? false : undefined);
  return { v1: setting(endpoints.v1), v2: setting(endpoints.v2), insights: setting(endpoints.insights) };
}
