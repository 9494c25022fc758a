/**
 * The ldp library: the same operations as the CLI, as functions that take options and return
 * typed results. All output goes through the `reporter` option.
 */

export { LdpError, LdpErrors } from '../errors/index.js';
export { CollectingReporter, type ReportEvent, type Reporter } from '../model/reporter.js';
export { clean } from './clean-command.js';
export { type CompileResult, compile } from './compile.js';
export { debugProject } from './debug.js';
export { initProject } from './init.js';
export { type ListOutput, list } from './list.js';
export type { ProjectOptions, SelectionOptions } from './options.js';
export { type ParsedProject, parse } from './parse.js';
export { build, type ExecuteOptions, type ExecuteResult, run, seed, test } from './run.js';
