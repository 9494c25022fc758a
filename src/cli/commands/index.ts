import type { CommandModule } from 'yargs';

/**
 * A command, loaded only when it runs: some modules load DuckDB, which alone takes longer than
 * a whole `ldp parse`. `names` are the words that select it on the command line (with aliases).
 */
export interface CommandEntry {
  readonly names: readonly string[];
  // biome-ignore lint/suspicious/noExplicitAny: yargs command modules differ in their argument types.
  readonly load: () => Promise<CommandModule<any, any>>;
}

/** Every `ldp` command, in the order `ldp --help` lists them. */
export const commands: readonly CommandEntry[] = [
  { names: ['init'], load: async () => (await import('./init.js')).initCommand },
  { names: ['parse'], load: async () => (await import('./parse.js')).parseCommand },
  { names: ['compile'], load: async () => (await import('./compile.js')).compileCommand },
  { names: ['run'], load: async () => (await import('./run.js')).runCommand },
  { names: ['test'], load: async () => (await import('./run.js')).testCommand },
  { names: ['build'], load: async () => (await import('./run.js')).buildCommand },
  { names: ['seed'], load: async () => (await import('./run.js')).seedCommand },
  { names: ['snapshot'], load: async () => (await import('./run.js')).snapshotCommand },
  {
    names: ['run-operation'],
    load: async () => (await import('./run-operation.js')).runOperationCommand,
  },
  { names: ['source'], load: async () => (await import('./source.js')).sourceCommand },
  { names: ['ls', 'list'], load: async () => (await import('./ls.js')).lsCommand },
  { names: ['show'], load: async () => (await import('./show.js')).showCommand },
  { names: ['lineage'], load: async () => (await import('./lineage.js')).lineageCommand },
  { names: ['docs'], load: async () => (await import('./docs.js')).docsCommand },
  { names: ['catalog'], load: async () => (await import('./catalog.js')).catalogCommand },
  { names: ['mcp'], load: async () => (await import('./mcp.js')).mcpCommand },
  { names: ['snapshots'], load: async () => (await import('./snapshots.js')).snapshotsCommand },
  { names: ['rollback'], load: async () => (await import('./rollback.js')).rollbackCommand },
  { names: ['relocate'], load: async () => (await import('./relocate.js')).relocateCommand },
  { names: ['vacuum'], load: async () => (await import('./vacuum.js')).vacuumCommand },
  { names: ['demo'], load: async () => (await import('./demo.js')).demoCommand },
  { names: ['debug'], load: async () => (await import('./debug.js')).debugCommand },
  { names: ['deps'], load: async () => (await import('./deps.js')).depsCommand },
  { names: ['clean'], load: async () => (await import('./clean.js')).cleanCommand },
];

/**
 * The commands `argv` names, or all of them when it names none (`ldp --help`, a typo that yargs
 * answers with a suggestion); none for `ldp --version`. A word that is both an argument and a
 * command name only loads one module more.
 */
// biome-ignore lint/suspicious/noExplicitAny: yargs command modules differ in their argument types.
export async function commandsFor(argv: readonly string[]): Promise<CommandModule<any, any>[]> {
  const named = commands.filter((entry) => entry.names.some((name) => argv.includes(name)));
  if (named.length === 0 && argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) return [];
  return Promise.all((named.length > 0 ? named : commands).map((entry) => entry.load()));
}
