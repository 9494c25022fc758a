import { diagnosticToJson, formatError, isUserError, type LdpError, LdpErrors } from '../errors/index.js';

/** Set on errors that mean "the command line itself is wrong" (unknown flag, missing argument). */
interface UsageError extends Error {
  readonly usage: true;
}

function isUsageError(error: unknown): error is UsageError {
  return error instanceof Error && (error as Partial<UsageError>).usage === true;
}

/** A command that ran but whose nodes failed: the report was printed already; exit 1. */
export class CommandFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandFailed';
  }
}

export function exitCodeFor(error: unknown): number {
  if (isUserError(error) || isUsageError(error) || error instanceof CommandFailed) return 1;
  return 2;
}

/** Prints what went wrong on stderr (or as JSON lines); stack traces only with --debug. */
export function reportFailure(error: unknown, argv: readonly string[]): void {
  const debug = argv.includes('--debug');
  const baseDir = projectDirOf(argv);
  const json = argv.includes('json') && argv.some((a) => a.startsWith('--log-format'));
  if (error instanceof CommandFailed) return;
  if (isUsageError(error)) {
    process.stderr.write(
      `error[LDP901]: ${error.message}\n  hint: run \`ldp --help\` or \`ldp <command> --help\` for the options.\n`,
    );
    return;
  }
  if (json && isUserError(error)) {
    const list = error instanceof LdpErrors ? error.errors : [error as LdpError];
    for (const e of list)
      process.stdout.write(`${JSON.stringify({ event: 'diagnostic', ...diagnosticToJson(e) })}\n`);
    return;
  }
  process.stderr.write(`${formatError(error, { debug, baseDir })}\n`);
}

/** `--project-dir` from raw argv: spans are relative to it, and the failure may predate parsing. */
function projectDirOf(argv: readonly string[]): string {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--project-dir') return argv[i + 1] ?? '.';
    if (arg.startsWith('--project-dir=')) return arg.slice('--project-dir='.length);
  }
  return '.';
}
