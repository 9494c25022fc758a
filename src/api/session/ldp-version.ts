import { installedVersion } from '../../util/install-root.js';

/** The package version, read once from ldp's package.json. */
export const LDP_VERSION: string = installedVersion(import.meta.url);
