import type { BigQueryJobRunner } from '../job-runner.js';
import { columnsOf } from './remote-state.js';

/** A statement's result as templates read it (the template layer's `QueryResult`). */
export interface StatementResult {
  readonly columns: readonly { readonly name: string; readonly type: string }[];
  readonly rows: readonly (readonly unknown[])[];
  readonly rowsAffected: number | null;
}

/**
 * Introspective statements of a render on a BigQuery target (`run_query`, `{% call statement
 * %}` in `run-operation`): each is a query job; cells come as BigQuery's REST strings (INT64 as
 * text), as dbt-bigquery's agate tables hold them before conversion.
 */
export function bigQueryStatementRunner(
  runner: BigQueryJobRunner,
  isTable: (schema: string, name: string) => boolean,
): { run(sql: string): Promise<StatementResult>; isTable(schema: string, name: string): boolean } {
  return {
    async run(sql) {
      const job = await runner.query(sql);
      const rows: unknown[][] = [];
      for await (const page of job.pages()) for (const row of page) rows.push(row.f.map((cell) => cell.v));
      return { columns: columnsOf(job.schema), rows, rowsAffected: job.rowsAffected ?? null };
    },
    isTable,
  };
}
