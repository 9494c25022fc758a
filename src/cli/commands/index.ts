import type { CommandModule } from 'yargs';
import { cleanCommand } from './clean.js';
import { compileCommand } from './compile.js';
import { debugCommand } from './debug.js';
import { initCommand } from './init.js';
import { lsCommand } from './ls.js';
import { parseCommand } from './parse.js';
import { buildCommand, runCommand, seedCommand, testCommand } from './run.js';

/** Every `ldp` command, in the order `ldp --help` lists them. */
// biome-ignore lint/suspicious/noExplicitAny: yargs command modules differ in their argument types.
export const commands: CommandModule<any, any>[] = [
  initCommand,
  parseCommand,
  compileCommand,
  runCommand,
  testCommand,
  buildCommand,
  seedCommand,
  lsCommand,
  debugCommand,
  cleanCommand,
];
