import type { DuckDBConnection } from '@duckdb/node-api';
import { aggregateFunctionNames } from './sql/aggregate-functions.js';
import { nameExpressions } from './sql/expression-names.js';
import { parseSql } from './sql/parse-sql.js';
import type { TraceInput } from './trace/context.js';
import type { ShapeColumn } from './trace/shape.js';
import { sortedSources } from './trace/sources.js';
import { traceQueryNode } from './trace/trace-query.js';
import type { ColumnLineageInput, ColumnLineageResult, OutputColumnLineage } from './types.js';

/**
 * Traces column lineage of compiled SQL with DuckDB's parser on the caller's connection. Create
 * one per connection and reuse it: it reads DuckDB's list of aggregate functions once.
 */
export class ColumnLineageTracer {
  private constructor(
    private readonly conn: DuckDBConnection,
    private readonly aggregates: ReadonlySet<string>,
  ) {}

  static async create(conn: DuckDBConnection): Promise<ColumnLineageTracer> {
    return new ColumnLineageTracer(conn, await aggregateFunctionNames(conn));
  }

  /** Each output column of `input.sql`, in order, with the upstream columns it comes from. */
  async trace(input: ColumnLineageInput): Promise<ColumnLineageResult> {
    const parsed = await parseSql(this.conn, input.sql);
    if (parsed.kind === 'failed') return { status: 'failed', reason: parsed.reason };
    const traceInput: TraceInput = {
      relations: lowerKeys(input.relations),
      ephemerals: lowerKeys(input.ephemerals ?? {}),
      ephemeralMode: input.ephemeralMode ?? 'point',
      aggregates: this.aggregates,
      expressionNames: await nameExpressions(this.conn, parsed.query),
    };
    const shape = traceQueryNode(parsed.query, { input: traceInput, ctes: new Map() });
    return { status: 'traced', columns: shape.columns.map(outputColumn) };
  }
}

/** One-off form of {@link ColumnLineageTracer.trace}. */
export async function traceColumnLineage(
  conn: DuckDBConnection,
  input: ColumnLineageInput,
): Promise<ColumnLineageResult> {
  return (await ColumnLineageTracer.create(conn)).trace(input);
}

function outputColumn(column: ShapeColumn): OutputColumnLineage {
  if (column.kind === 'unknown') {
    return { traced: false, name: column.label, reason: column.reason, sources: [], placeholder: true };
  }
  const sources = sortedSources(column.trace);
  if (column.trace.gaps.length === 0) return { traced: true, name: column.name, sources };
  return { traced: false, name: column.name, reason: column.trace.gaps.join('; '), sources };
}

function lowerKeys<T>(record: Readonly<Record<string, T>>): Map<string, T> {
  return new Map(Object.entries(record).map(([key, value]) => [key.toLowerCase(), value]));
}
