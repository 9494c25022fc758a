import type { DuckDBConnection } from '@duckdb/node-api';
import type { FixtureColumn, UnitTestInput } from '../../../model/unit-test.js';
import { fixtureColumns } from '../../../model/unit-test-columns.js';
import { relationName } from '../../../sql/index.js';

/**
 * The columns an input's fixture gets, read (`DESCRIBE`) from the lakehouse when the unit test
 * runs, as dbt reads them: in `ldp build` its parents were built moments before.
 */
export async function inputColumns(
  lakehouse: DuckDBConnection,
  input: UnitTestInput,
): Promise<readonly FixtureColumn[]> {
  return fixtureColumns(await describeRelation(lakehouse, input), input.columns);
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
