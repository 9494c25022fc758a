import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { lineage } from '../../../api/commands/lineage.js';
import { answer, type ToolContext } from '../tool-answer.js';

export function registerLineageTool(server: McpServer, context: ToolContext): void {
  server.registerTool(
    'lineage',
    {
      title: 'Table and column lineage',
      description:
        'What a node (or one of its columns) is built from and what is built from it, as the last runs ' +
        'recorded it: the same graph as `ldp lineage -o json` (vertices with their distance, edges; column ' +
        'edges say copy, transform, aggregate, filter or join).',
      inputSchema: {
        node: z.string().describe('Unique id, node name, or source as source_name.table'),
        direction: z.enum(['upstream', 'downstream', 'both']).optional().describe('Default both'),
        depth: z.number().int().min(1).optional().describe('Hops to follow (default: all)'),
        column: z.string().optional().describe('Follow this column of the node through column lineage'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      answer(
        // The very JSON `ldp lineage -o json` prints.
        async () =>
          JSON.parse(
            (
              await lineage({
                ...context.project,
                node: args.node,
                direction: args.direction ?? 'both',
                ...(args.depth === undefined ? {} : { depth: args.depth }),
                ...(args.column === undefined ? {} : { column: args.column }),
                output: 'json',
              })
            ).rendered,
          ),
        context.project.projectDir,
      ),
  );
}
