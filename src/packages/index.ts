export { type AddPackageSource, addPackage } from './add-package.js';
export { DBT_COMPATIBLE_VERSION } from './dbt-version.js';
export { DEFAULT_HUB_URL } from './hub-client.js';
export {
  type DependenciesOptions,
  type DependenciesResult,
  installDependencies,
} from './install-dependencies.js';
export { type InstalledPackage, listInstalledPackages } from './installed-packages.js';
export { LOCK_FILE, type LockedPackage } from './lock-file.js';
export { missingPackagesError } from './missing-packages.js';
export { PACKAGE_FILES } from './packages-file.js';
