import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { LDP_VERSION } from '../../api/session/ldp-version.js';
import type { ProjectOptions } from '../../api/session/options.js';
import { silentReporter } from '../../model/reporter.js';
import type { ToolContext } from './tool-answer.js';
import { registerCompiledSqlTool } from './tools/compiled-sql-tool.js';
import { registerDescribeNodeTool } from './tools/describe-node-tool.js';
import { registerLineageTool } from './tools/lineage-tool.js';
import { registerQueryTool } from './tools/query-tool.js';
import { registerRecentRunsTool } from './tools/recent-runs-tool.js';
import { registerSearchNodesTool } from './tools/search-nodes-tool.js';

const INSTRUCTIONS =
  'ldp builds a dbt-style SQL project into Iceberg tables (layers bronze, silver, gold). Start with ' +
  'search_nodes, then describe_node, lineage or compiled_sql on what it finds; recent_runs tells what ' +
  'failed lately; query reads the data with one SELECT.';

/**
 * The MCP server of a project: one tool per question, each a call of the ldp library. Every call
 * reads the project and the catalog afresh, so answers follow the files and the latest runs;
 * nothing is kept between calls. The project's reporter is replaced by a silent one: on stdio,
 * stdout belongs to the protocol.
 */
export function createMcpServer(project: ProjectOptions): McpServer {
  const server = new McpServer({ name: 'ldp', version: LDP_VERSION }, { instructions: INSTRUCTIONS });
  const context: ToolContext = { project: { ...project, reporter: silentReporter } };
  registerSearchNodesTool(server, context);
  registerDescribeNodeTool(server, context);
  registerLineageTool(server, context);
  registerRecentRunsTool(server, context);
  registerCompiledSqlTool(server, context);
  registerQueryTool(server, context);
  return server;
}
