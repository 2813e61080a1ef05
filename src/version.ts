import pkg from '../package.json';

/** The bridge's version, from package.json. */
export const BRIDGE_VERSION: string = pkg.version;
