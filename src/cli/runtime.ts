import { homedir } from 'node:os';
import type { Reporter } from '../model/reporter.js';
import { JsonReporter } from './reporters/json-reporter.js';
import { TextReporter } from './reporters/text-reporter.js';

/** What a command needs from the process, gathered in one place so commands stay pure wiring. */
export interface CliRuntime {
  readonly reporter: Reporter;
  readonly env: Record<string, string | undefined>;
  readonly homeDir: string;
  readonly cwd: string;
  readonly debug: boolean;
}

/** The global flags every command has (yargs adds them to each command's arguments). */
interface GlobalArgs {
  readonly logFormat?: string;
  readonly debug?: boolean;
  readonly color?: boolean;
}

export function createRuntime(args: object): CliRuntime {
  const argv = args as GlobalArgs;
  const tty = Boolean(process.stdout.isTTY) && !process.env['CI'];
  const reporter =
    argv.logFormat === 'json'
      ? new JsonReporter(process.stdout)
      : new TextReporter({
          out: process.stdout,
          err: process.stderr,
          live: tty,
          color: argv.color ?? (tty && !process.env['NO_COLOR']),
          baseDir: (args as { projectDir?: string }).projectDir ?? '.',
        });
  return { reporter, env: process.env, homeDir: homedir(), cwd: process.cwd(), debug: Boolean(argv.debug) };
}
