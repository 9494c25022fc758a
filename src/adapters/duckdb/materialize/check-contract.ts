import type { DuckDBConnection } from '@duckdb/node-api';
import { LdpError } from '../../../errors/index.js';
import type { ModelContract, StepCommon } from '../../../model/execution-plan.js';
import { quoteIdentifier } from '../../../sql/index.js';

/**
 * dbt's enforced contract: before anything is written, the query's columns must be exactly the
 * declared ones (names, any order) with the declared types. Declared types are spelled the way
 * the project writes them (`int`, `text`, `numeric(10,2)`), so DuckDB names them first.
 */
export async function checkContract(
  conn: DuckDBConnection,
  common: StepCommon,
  contract: ModelContract,
  actual: readonly { readonly name: string; readonly type: string }[],
): Promise<void> {
  const declared = await namedTypes(conn, common, contract);
  const found = new Map(actual.map((column) => [column.name.toLowerCase(), column]));
  const problems: string[] = [];
  for (const column of declared) {
    const match = found.get(column.name.toLowerCase());
    if (!match) problems.push(`column '${column.name}' (${column.type}) is missing from the query`);
    else if (match.type !== column.type)
      problems.push(
        `column '${column.name}' is ${match.type} in the query, the contract says ${column.type}`,
      );
  }
  const names = new Set(declared.map((column) => column.name.toLowerCase()));
  for (const column of actual) {
    if (!names.has(column.name.toLowerCase()))
      problems.push(`column '${column.name}' (${column.type}) is in the query but not in the contract`);
  }
  if (problems.length > 0) throw contractFailed(common, contract, problems);
}

/** The declared types as DuckDB names them (`int` → INTEGER), in one query. */
async function namedTypes(
  conn: DuckDBConnection,
  common: StepCommon,
  contract: ModelContract,
): Promise<{ name: string; type: string }[]> {
  const casts = contract.columns.map(
    (column, i) => `CAST(NULL AS ${column.dataType}) AS ${quoteIdentifier(`c${i}`)}`,
  );
  try {
    const reader = await conn.runAndReadAll(`DESCRIBE SELECT ${casts.join(', ')}`);
    const types = reader.getRowObjectsJson().map((row) => String(row['column_type']));
    return contract.columns.map((column, i) => ({ name: column.name, type: types[i]! }));
  } catch (error) {
    throw new LdpError({
      code: 'LDP471',
      message: `model '${common.name}' has an enforced contract with a data_type DuckDB does not know: ${(error as Error).message.split('\n')[0]}`,
      span: contract.definedAt,
      hint: "Write DuckDB types in the columns' data_type (integer, bigint, varchar, double, decimal(10,2), date, timestamp, boolean, …).",
    });
  }
}

function contractFailed(common: StepCommon, contract: ModelContract, problems: string[]): LdpError {
  return new LdpError({
    code: 'LDP470',
    message: `model '${common.name}' has an enforced contract that its query does not meet, so nothing was written:\n  - ${problems.join('\n  - ')}`,
    span: contract.definedAt,
    hint: 'Make the query return exactly the declared columns with their data_type (cast where needed), or change the columns in the YAML.',
  });
}
