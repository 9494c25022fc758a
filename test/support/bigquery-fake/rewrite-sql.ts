import { duckName } from './store.js';

export interface TableRef {
  readonly project: string;
  readonly dataset: string;
  readonly table: string;
}

/**
 * GoogleSQL → DuckDB for the fake's simple queries: backtick paths (`` `p.d.t` ``,
 * `` `p`.`d`.`t` ``, `` `d.t` ``) become the fake's DuckDB tables; `DATETIME '…'` literals
 * become `TIMESTAMP '…'`; raw strings `r'…'` plain ones; the date part of `DATETIME_DIFF` a string for
 * the fake's macro; `ARRAY_AGG(… IGNORE NULLS)` a filtered `array_agg`; `TABLESAMPLE SYSTEM (n PERCENT)` becomes DuckDB's
 * `TABLESAMPLE n PERCENT (system)`. Anything else must already be valid DuckDB SQL.
 */
export function rewriteSql(sql: string, defaultProject: string): { sql: string; tables: TableRef[] } {
  const tables: TableRef[] = [];
  const rewritten = sql
    .replace(/`[^`]+`(?:\.`[^`]+`)*/g, (match) => {
      const parts = match.replaceAll('`', '').split('.');
      if (parts.length < 2 || parts.length > 3) return `"${parts.join('.')}"`;
      const [project, dataset, table] = parts.length === 3 ? parts : [defaultProject, ...parts];
      const ref = { project: project!, dataset: dataset!, table: table! };
      tables.push(ref);
      return duckName(ref.project, ref.dataset, ref.table);
    })
    .replace(/\bDATETIME\s+'/gi, "TIMESTAMP '")
    // `INTERVAL -3 DAY`: DuckDB reads a signed count only inside the string form.
    .replace(/\binterval\s+(-?\d+)\s+(second|minute|hour|day|week|month|year)\b/gi, "INTERVAL '$1 $2'")
    // GoogleSQL spellings DuckDB lacks: `current_timestamp()` with parentheses, `FLOAT64`.
    .replace(/\bcurrent_timestamp\(\s*\)/gi, 'current_timestamp')
    .replace(/\bFLOAT64\b/gi, 'DOUBLE')
    // Raw strings: DuckDB's plain strings already leave backslashes alone.
    .replace(/\br'/gi, "'")
    // DATETIME_DIFF(end, start, part): the part is a keyword in GoogleSQL, a string for the macro.
    .replace(
      /\b(datetime|timestamp)_diff\(([^;]*?),\s*(microsecond|millisecond|second|minute|hour|day|week|month|year)\s*\)/gi,
      "$1_diff($2, '$3')",
    )
    // `ARRAY_AGG(DISTINCT x IGNORE NULLS)`: DuckDB leaves the nulls out with a filter.
    .replace(
      /\bARRAY_AGG\(\s*(DISTINCT\s+)?([^;]*?)\s+IGNORE\s+NULLS\s*\)/gi,
      'array_agg($1$2) FILTER (WHERE ($2) IS NOT NULL)',
    )
    .replace(/TABLESAMPLE\s+SYSTEM\s*\(\s*([\d.]+)\s+PERCENT\s*\)/gi, 'TABLESAMPLE $1 PERCENT (system)');
  return { sql: rewritten, tables };
}
