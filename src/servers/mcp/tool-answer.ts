import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ProjectOptions } from '../../api/session/options.js';
import { formatError } from '../../errors/index.js';

/** What every tool needs: the project's options (the reporter stays silent: stdout is the protocol). */
export interface ToolContext {
  readonly project: ProjectOptions;
}

/**
 * Runs a library call and answers with its result as JSON text. Any error becomes a tool error
 * (`isError`), so the server keeps serving: an ldp error as its code, message and hint, anything
 * else as an internal error to report. Nothing is printed.
 */
export async function answer(call: () => Promise<unknown>, baseDir: string): Promise<CallToolResult> {
  try {
    return text(JSON.stringify(await call(), null, 2));
  } catch (error) {
    return { ...text(formatError(error, { baseDir })), isError: true };
  }
}

/** A plain text answer (a rendered SQL file, a lineage tree). */
export function text(content: string): CallToolResult {
  return { content: [{ type: 'text', text: content }] };
}
