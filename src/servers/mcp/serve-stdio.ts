import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { loadProjectOnly } from '../../api/session/load.js';
import type { ProjectOptions } from '../../api/session/options.js';
import { createMcpServer } from './mcp-server.js';

/**
 * Serves the project's MCP server on stdin/stdout until the client closes stdin (or the
 * connection closes); resolves then. A folder that is not a project fails before serving. The
 * caller must print nothing to stdout meanwhile.
 */
export async function serveMcpOverStdio(project: ProjectOptions): Promise<void> {
  await loadProjectOnly(project);
  const server = createMcpServer(project);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
    process.stdin.once('end', resolve);
  });
  await server.connect(new StdioServerTransport());
  await closed;
  await server.close();
}
