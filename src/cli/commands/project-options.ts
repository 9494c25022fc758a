import type { ProjectOptions } from '../../api/session/options.js';
import type { ProjectArgs } from '../global-options.js';
import type { CliRuntime } from '../runtime.js';

/** Maps the common flags onto the library's options. */
export function projectOptions(argv: ProjectArgs, runtime: CliRuntime): ProjectOptions {
  return {
    projectDir: argv.projectDir,
    ...(argv.profilesDir !== undefined ? { profilesDir: argv.profilesDir } : {}),
    ...(argv.target !== undefined ? { target: argv.target } : {}),
    ...(argv.vars !== undefined ? { vars: argv.vars } : {}),
    ...(argv.threads !== undefined ? { threads: argv.threads } : {}),
    partialParse: argv.partialParse ?? true,
    env: runtime.env,
    homeDir: runtime.homeDir,
    reporter: runtime.reporter,
  };
}
