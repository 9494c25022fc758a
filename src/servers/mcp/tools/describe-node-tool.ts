import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { describeNode } from '../../../api/explore/index.js';
import { answer, type ToolContext } from '../tool-answer.js';

export function registerDescribeNodeTool(server: McpServer, context: ToolContext): void {
  server.registerTool(
    'describe_node',
    {
      title: 'Describe a node',
      description:
        'Everything known about one node: config, description, tags, what it depends on and what uses it, ' +
        'columns with DuckDB types and docs, its data tests with their last results, and where its data is ' +
        '(an Iceberg table with every snapshot, a view, or not built yet).',
      inputSchema: {
        node: z.string().describe('Unique id (model.shop.orders), node name, or source as source_name.table'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) => answer(() => describeNode({ ...context.project, node: args.node }), context.project.projectDir),
  );
}
