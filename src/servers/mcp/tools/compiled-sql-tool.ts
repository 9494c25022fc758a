import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { compiledSql } from '../../../api/explore/index.js';
import { answer, type ToolContext } from '../tool-answer.js';

export function registerCompiledSqlTool(server: McpServer, context: ToolContext): void {
  server.registerTool(
    'compiled_sql',
    {
      title: 'Compiled SQL of a node',
      description:
        'The SQL of a model, snapshot, analysis or data test as written (with Jinja) and as compiled for ' +
        'DuckDB (refs and sources resolved, ephemeral models inlined); incremental models also give the SQL ' +
        'of their later runs.',
      inputSchema: {
        node: z.string().describe('Unique id or node name'),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) => answer(() => compiledSql({ ...context.project, node: args.node }), context.project.projectDir),
  );
}
