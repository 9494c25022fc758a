export { parseCliVars } from './cli-vars.js';
export { discoverFiles } from './discover-files.js';
export { sameStamp, stampWrittenAt } from './disk-file.js';
export type { InstalledPackageDir } from './load-packages.js';
export { type LoadProjectOptions, loadProject, projectRoot } from './load-project.js';
export { profileSearchPath, resolveTarget } from './profiles.js';
export { readProjectFile } from './read-project-file.js';
