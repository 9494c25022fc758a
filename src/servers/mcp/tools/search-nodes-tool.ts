import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { searchNodes } from '../../../api/explore/index.js';
import { RESOURCE_TYPES } from '../../../model/node.js';
import { answer, type ToolContext } from '../tool-answer.js';

export function registerSearchNodesTool(server: McpServer, context: ToolContext): void {
  server.registerTool(
    'search_nodes',
    {
      title: 'Search nodes',
      description:
        'Find models, sources, seeds, snapshots, tests and exposures whose name, description, tags or ' +
        'columns contain every given word. Returns unique ids to use with the other tools.',
      inputSchema: {
        text: z.string().describe('Words to find, e.g. "revenue customer"'),
        resource_types: z.array(z.enum(RESOURCE_TYPES)).optional().describe('Only these node types'),
        limit: z.number().int().min(1).max(500).optional().describe('Nodes to return at most (default 50)'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      answer(
        () =>
          searchNodes({
            ...context.project,
            text: args.text,
            ...(args.resource_types ? { resourceTypes: args.resource_types } : {}),
            ...(args.limit === undefined ? {} : { limit: args.limit }),
          }),
        context.project.projectDir,
      ),
  );
}
