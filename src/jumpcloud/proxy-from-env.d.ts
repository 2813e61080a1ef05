/** proxy-from-env (the library axios uses to read HTTPS_PROXY / NO_PROXY) ships no types. */
declare module 'proxy-from-env' {
  /** The proxy URL the environment gives for `url`, or '' for none. */
  export function getProxyForUrl(url: string | URL): string;
}
