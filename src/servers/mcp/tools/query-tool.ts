import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { QUERY_LIMITS, readOnlyQuery } from '../../../api/query/index.js';
import { answer, type ToolContext } from '../tool-answer.js';

export function registerQueryTool(server: McpServer, context: ToolContext): void {
  server.registerTool(
    'query',
    {
      title: 'Read-only SQL query',
      description:
        'Run one DuckDB SELECT (or WITH … SELECT) over the lakehouse and get its first rows. Tables and ' +
        'views are named "namespace"."name" (e.g. silver.orders), sources by their relation. Anything but a ' +
        'single SELECT is refused, and the session cannot write files or change settings.',
      inputSchema: {
        sql: z.string().describe('One SELECT statement in DuckDB SQL'),
        limit: z
          .number()
          .int()
          .min(1)
          .max(QUERY_LIMITS.maxRows)
          .optional()
          .describe(`Rows to return at most (default ${QUERY_LIMITS.defaultRows})`),
        timeout_ms: z
          .number()
          .int()
          .min(1)
          .optional()
          .describe(`Stop the query after this many milliseconds (default ${QUERY_LIMITS.defaultTimeoutMs})`),
      },
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      answer(
        () =>
          readOnlyQuery({
            ...context.project,
            sql: args.sql,
            ...(args.limit === undefined ? {} : { limit: args.limit }),
            ...(args.timeout_ms === undefined ? {} : { timeoutMs: args.timeout_ms }),
          }),
        context.project.projectDir,
      ),
  );
}
