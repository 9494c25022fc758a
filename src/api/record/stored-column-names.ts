import type { ColumnLineageResult } from '../../lineage/index.js';
import type { KnownColumn } from './lineage-columns.js';

/**
 * A traced query's output columns named as the engine named the relation it made. A table or
 * view made by `CREATE OR REPLACE … AS (query)` has the query's columns in order, but BigQuery
 * names an unaliased expression `f0_`, `f1_`, … where DuckDB's parser names it after the
 * expression. Names are taken from the stored columns only where the order is certain: same
 * count, every name the two lists share at the same position, and the rest unknown to the other
 * list. Anything else (a star whose columns were unknown, columns reordered by a contract) is
 * kept as traced.
 */
export function namedAsStored(
  result: ColumnLineageResult,
  stored: readonly KnownColumn[] | undefined,
): ColumnLineageResult {
  if (result.status !== 'traced' || !stored || stored.length !== result.columns.length) return result;
  const lower = (name: string) => name.toLowerCase();
  const storedNames = new Set(stored.map((c) => lower(c.name)));
  const tracedNames = new Set(result.columns.map((c) => lower(c.name)));
  const aligned = result.columns.every((column, i) => {
    const traced = lower(column.name);
    const own = lower(stored[i]!.name);
    return traced === own || (!storedNames.has(traced) && !tracedNames.has(own));
  });
  if (!aligned) return result;
  return { ...result, columns: result.columns.map((column, i) => ({ ...column, name: stored[i]!.name })) };
}
