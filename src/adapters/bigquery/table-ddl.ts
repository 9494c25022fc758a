import type { Relation } from '../../model/node.js';
import { quoteBigQueryIdentifier, quoteBigQueryString } from '../../sql/index.js';
import { partitionExpression } from './partition-by.js';
import type { BigQueryTableConfig } from './table-config.js';

/** A relation's full name; the target's project when the relation names none. */
export type RelationName = (relation: Relation) => string;

/** `OPTIONS(...)` of a table or view, or nothing when there are none. */
export function optionsClause(options: readonly (readonly [string, string])[]): string {
  return options.length === 0
    ? ''
    : `\nOPTIONS(\n  ${options.map(([key, value]) => `${key}=${value}`).join(',\n  ')}\n)`;
}

function labelsOption(labels: Readonly<Record<string, string>>): [string, string][] {
  const entries = Object.entries(labels);
  if (entries.length === 0) return [];
  return [
    [
      'labels',
      `[${entries.map(([key, value]) => `(${quoteBigQueryString(key)}, ${quoteBigQueryString(value)})`).join(', ')}]`,
    ],
  ];
}

/** The table options dbt-bigquery sets, in its order. */
function tableOptions(config: BigQueryTableConfig): [string, string][] {
  const options: [string, string][] = [];
  if (config.description) options.push(['description', quoteBigQueryString(config.description)]);
  options.push(...labelsOption(config.labels));
  if (config.partitionExpirationDays !== undefined)
    options.push(['partition_expiration_days', String(config.partitionExpirationDays)]);
  if (config.requirePartitionFilter !== undefined)
    options.push(['require_partition_filter', String(config.requirePartitionFilter)]);
  if (config.kmsKeyName) options.push(['kms_key_name', quoteBigQueryString(config.kmsKeyName)]);
  if (config.iceberg)
    options.push(
      ['file_format', "'PARQUET'"],
      ['table_format', "'ICEBERG'"],
      ['storage_uri', quoteBigQueryString(config.iceberg.storageUri)],
    );
  return options;
}

function layoutClauses(config: BigQueryTableConfig): string {
  const partition = config.partitionBy ? `\nPARTITION BY ${partitionExpression(config.partitionBy)}` : '';
  const cluster =
    config.clusterBy.length > 0
      ? `\nCLUSTER BY ${config.clusterBy.map(quoteBigQueryIdentifier).join(', ')}`
      : '';
  const connection = config.iceberg ? `\nWITH CONNECTION ${connectionName(config.iceberg.connection)}` : '';
  return partition + cluster + connection;
}

/** `DEFAULT` stays a keyword; a connection id is a (possibly dotted) path, quoted as one. */
function connectionName(connection: string): string {
  return connection.toUpperCase() === 'DEFAULT' ? 'DEFAULT' : quoteBigQueryIdentifier(connection);
}

/**
 * `table` (and the first build of an incremental model): the query's rows as the table, in one
 * statement, so readers see the old or the new table, never none. A BigQuery table for Apache
 * Iceberg cannot be replaced in place (its files belong to the old table), so it is dropped and
 * created: two statements, run as one script.
 */
export function createTableAsSql(
  relation: Relation,
  sql: string,
  config: BigQueryTableConfig,
  name: RelationName,
): string {
  const create = config.iceberg ? 'CREATE TABLE' : 'CREATE OR REPLACE TABLE';
  const statement = `${create} ${name(relation)}${layoutClauses(config)}${optionsClause(tableOptions(config))}\nAS (\n${sql.trim()}\n)`;
  return config.iceberg ? `DROP TABLE IF EXISTS ${name(relation)};\n${statement};` : statement;
}

/** An empty table of the given columns (a seed before its load job, an Iceberg table before rows). */
export function createTableSql(
  relation: Relation,
  columns: readonly { readonly name: string; readonly type: string }[],
  config: BigQueryTableConfig,
  name: RelationName,
): string {
  const create = config.iceberg ? 'CREATE TABLE' : 'CREATE OR REPLACE TABLE';
  const body = columns
    .map((column) => `  ${quoteBigQueryIdentifier(column.name)} ${column.type}`)
    .join(',\n');
  return `${create} ${name(relation)} (\n${body}\n)${layoutClauses(config)}${optionsClause(tableOptions(config))}`;
}

/** `view`: dbt-bigquery's `create or replace view … as (query)`, with the view's options. */
export function createViewSql(
  relation: Relation,
  sql: string,
  config: Pick<BigQueryTableConfig, 'labels' | 'description'>,
  name: RelationName,
): string {
  const options: [string, string][] = [];
  if (config.description) options.push(['description', quoteBigQueryString(config.description)]);
  options.push(...labelsOption(config.labels));
  return `CREATE OR REPLACE VIEW ${name(relation)}${optionsClause(options)}\nAS (\n${sql.trim()}\n)`;
}

export function dropRelationSql(relation: Relation, kind: 'table' | 'view', name: RelationName): string {
  return `DROP ${kind.toUpperCase()} IF EXISTS ${name(relation)}`;
}
