import type { DuckDBConnection } from '@duckdb/node-api';
import { LdpError } from '../../errors/index.js';
import type { IcebergTable } from '../../iceberg/index.js';
import { quoteIdentifier } from '../../sql/index.js';

/**
 * The largest watermark value already loaded, as a GoogleSQL literal of the column's type
 * (`TIMESTAMP_MICROS(n)` for timestamps, exact to the µs), or undefined for an empty table.
 * Read from the local table's current snapshot, so a rollback also rewinds the watermark.
 */
export async function loadedWatermark(
  conn: DuckDBConnection,
  table: IcebergTable,
  column: string,
): Promise<string | undefined> {
  if (!table.schema.fields.some((f) => f.name === column)) {
    throw new LdpError({
      code: 'LDP495',
      message: `watermark column '${column}' is not a column of ${[...table.id.namespace, table.id.name].join('.')}`,
      hint: 'Name a column the source returns in meta.bigquery.watermark, or load once with --full-refresh.',
    });
  }
  if (!table.currentSnapshot) return undefined;
  const col = quoteIdentifier(column);
  const reader = await conn.runAndReadAll(
    `SELECT typeof(m) AS t, CAST(m AS VARCHAR) AS v,
       CASE WHEN typeof(m) = 'TIMESTAMP WITH TIME ZONE' THEN epoch_us(TRY_CAST(m AS TIMESTAMPTZ)) END AS us,
       CASE WHEN typeof(m) = 'TIMESTAMP' THEN strftime(TRY_CAST(m AS TIMESTAMP), '%Y-%m-%d %H:%M:%S.%f') END AS dt
     FROM (SELECT max(${col}) AS m FROM (${table.scan().sql}))`,
  );
  const [type, value, micros, datetime] = reader.getRows()[0] as [
    string,
    string | null,
    bigint | null,
    string | null,
  ];
  if (value === null) return undefined;
  if (type === 'TIMESTAMP WITH TIME ZONE') return `TIMESTAMP_MICROS(${micros})`;
  if (type === 'TIMESTAMP') return `DATETIME '${datetime}'`;
  if (type === 'DATE') return `DATE '${value}'`;
  if (/^(BIGINT|INTEGER|DOUBLE|DECIMAL)/.test(type)) return value;
  return googleSqlString(value);
}

/** A GoogleSQL string literal: backslash escapes (GoogleSQL does not double quotes). */
function googleSqlString(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}
