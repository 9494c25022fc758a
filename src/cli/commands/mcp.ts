import type { Argv, CommandModule } from 'yargs';
import { serveMcpOverStdio } from '../../servers/mcp/serve-stdio.js';
import { type ProjectArgs, withProjectOptions } from '../global-options.js';
import { createRuntime } from '../runtime.js';
import { projectOptions } from './project-options.js';

export const mcpCommand: CommandModule<object, ProjectArgs> = {
  command: 'mcp',
  describe: 'Serve the project to AI assistants as a Model Context Protocol server on stdin/stdout',
  builder: (yargs: Argv) =>
    withProjectOptions(yargs).example(
      '$0 mcp --project-dir ~/shop',
      'the command an assistant starts (stdout carries the protocol)',
    ) as unknown as Argv<ProjectArgs>,
  handler: async (argv) => {
    // stdout carries the protocol: the server answers through it and reports nothing.
    await serveMcpOverStdio(projectOptions(argv, createRuntime(argv)));
  },
};
