import { LdpError } from '../../../errors/index.js';
import type { PlannedStep } from '../../../model/execution-plan.js';

/**
 * A failed job's error placed in the node's compiled file: BigQuery reports a position in the
 * statement it ran (`… at [3:14]`); the model's query sits inside that statement (`CREATE … AS
 * (` above it), so the line is moved by where the query starts. A position outside the query
 * (in the DDL ldp wrote around it) points at the file's first line.
 */
export function inCompiledFile(error: unknown, step: PlannedStep, statement: string): unknown {
  const compiled = step.common.compiled;
  if (!(error instanceof LdpError) || !compiled || error.span) return error;
  const at = /\[(\d+):(\d+)\]/.exec(error.message);
  const query = 'sql' in step ? step.sql.trim() : '';
  const start = query ? statement.indexOf(query) : -1;
  const linesBefore = start < 0 ? 0 : statement.slice(0, start).split('\n').length - 1;
  let line = 1;
  let col = 1;
  if (at) {
    const inQuery = Number(at[1]) - linesBefore;
    if (inQuery >= 1 && start >= 0) {
      line = inQuery + leadingLines(step);
      col = Number(at[2]);
    }
  }
  return error.withSpan({ file: compiled.compiledPath, line, col });
}

/** Lines the compiled file has above the trimmed query (blank lines the template left). */
function leadingLines(step: PlannedStep): number {
  if (!('sql' in step)) return 0;
  const leading = /^\s*/.exec(step.sql)?.[0] ?? '';
  return leading.split('\n').length - 1;
}
