import type { DuckDBConnection } from '@duckdb/node-api';
import type { FixtureColumn, UnitTestInput } from '../../../model/unit-test.js';
import { relationName } from '../../../sql/index.js';

/**
 * The columns an input's fixture gets, as dbt reads them when the unit test runs: the columns of
 * the relation the input stands for as it is now in the lakehouse (in `ldp build` its parents
 * were built moments before), typed by declarations first (`data_type`, seed `column_types`),
 * then the declared-only ones. A relation that does not exist yet leaves the declared columns.
 */
export async function inputColumns(
  lakehouse: DuckDBConnection,
  input: UnitTestInput,
): Promise<readonly FixtureColumn[]> {
  const stored = await describeRelation(lakehouse, input);
  if (stored.length === 0) return input.columns;
  const declared = new Map(input.columns.map((column) => [column.name.toLowerCase(), column]));
  const merged = stored.map((column) => {
    const own = declared.get(column.name.toLowerCase());
    return { name: own?.name ?? column.name, type: own?.type ?? column.type };
  });
  const storedNames = new Set(stored.map((column) => column.name.toLowerCase()));
  return [...merged, ...input.columns.filter((column) => !storedNames.has(column.name.toLowerCase()))];
}

async function describeRelation(
  lakehouse: DuckDBConnection,
  input: UnitTestInput,
): Promise<{ name: string; type: string }[]> {
  try {
    const reader = await lakehouse.runAndReadAll(`DESCRIBE ${relationName(input.upstream)}`);
    return reader.getRowObjectsJson().map((row) => ({
      name: String(row['column_name']),
      type: String(row['column_type']),
    }));
  } catch {
    // Not built yet (or no longer readable): the declared columns are all there is to know.
    return [];
  }
}
