import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { recentRuns } from '../../../api/explore/index.js';
import { answer, type ToolContext } from '../tool-answer.js';

export function registerRecentRunsTool(server: McpServer, context: ToolContext): void {
  server.registerTool(
    'recent_runs',
    {
      title: 'Recent runs and failures',
      description:
        'The latest ldp commands run on this warehouse (run, build, test, seed…), newest first: status, ' +
        'times, node counts by status, and every node that failed, errored, warned or was skipped, with its message.',
      inputSchema: {
        limit: z.number().int().min(1).max(200).optional().describe('Runs to return (default 10)'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      answer(
        () => recentRuns({ ...context.project, ...(args.limit === undefined ? {} : { limit: args.limit }) }),
        context.project.projectDir,
      ),
  );
}
