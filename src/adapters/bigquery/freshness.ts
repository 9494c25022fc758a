import type { TableField } from '@google-cloud/bigquery';
import { InternalError, LdpError } from '../../errors/index.js';
import type { MeasuredLoad } from '../../model/freshness.js';
import type { Relation, SourceNode } from '../../model/node.js';
import { bigqueryDialect } from '../../sql/index.js';
import { faultOf, jobFailed } from './bigquery-errors.js';
import type { BigQueryConnection } from './client.js';
import type { BigQueryJobRunner, RawRow } from './job-runner.js';

/**
 * dbt-bigquery's freshness query of a source: `max(loaded_at_field)` over its relation (narrowed
 * by the freshness `filter`) beside BigQuery's own `current_timestamp()`, or the single value of
 * `loaded_at_query` beside it.
 */
export function freshnessSql(source: SourceNode, defaultProject: string): string {
  if (source.loadedAtField !== undefined) {
    const filter = source.freshness?.filter;
    const relation = bigqueryDialect(defaultProject).relationName(source.relation);
    return `select\n  max(${source.loadedAtField}) as max_loaded_at,\n  current_timestamp() as snapshotted_at\nfrom ${relation}${filter ? `\nwhere ${filter}` : ''}`;
  }
  if (source.loadedAtQuery !== undefined) {
    const query = source.loadedAtQuery.trim().replace(/;+\s*$/, '');
    return `with source_query as (\n${query}\n)\nselect\n  (select * from source_query limit 1) as max_loaded_at,\n  current_timestamp() as snapshotted_at`;
  }
  throw new InternalError(`source ${source.uniqueId} has neither loaded_at_field nor loaded_at_query`);
}

/**
 * The latest load of a source on BigQuery, by one query job (`freshnessSql`); the age is later
 * measured up to BigQuery's `snapshotted_at`, as dbt-bigquery measures it. Failures are `LDP890`
 * (BigQuery's message and the job id), an empty result `LDP891`.
 */
export async function measureLoadByQuery(
  runner: BigQueryJobRunner,
  source: SourceNode,
  defaultProject: string,
): Promise<MeasuredLoad> {
  let row: RawRow | undefined;
  let schema: readonly TableField[];
  try {
    const job = await runner.query(freshnessSql(source, defaultProject), { pageSize: 1 });
    schema = job.schema;
    for await (const page of job.pages()) {
      row = page[0];
      break;
    }
  } catch (error) {
    throw queryFailed(source, error);
  }
  const loaded = row?.f[0]?.v;
  const snapshotted = row?.f[1]?.v;
  if (loaded === null || loaded === undefined) throw noValue(source);
  return {
    loadedAt: microsOfCell(loaded, schema[0]?.type, source),
    snapshottedAt: microsOfCell(snapshotted, schema[1]?.type, source),
  };
}

/**
 * A source without `loaded_at_field` or `loaded_at_query` on BigQuery: the table's
 * `lastModifiedTime` from `tables.get` (free, no job), as dbt-bigquery computes freshness from
 * the table's metadata; measured up to `now`.
 */
export async function measureLoadByMetadata(
  connection: BigQueryConnection,
  source: SourceNode,
  now: Date,
): Promise<MeasuredLoad> {
  const relation: Relation = {
    ...source.relation,
    database: source.relation.database || connection.options.project,
  };
  const table = connection.client
    .dataset(relation.schema, { projectId: relation.database })
    .table(relation.identifier);
  let modified: unknown;
  try {
    const [metadata] = await table.getMetadata();
    modified = metadata.lastModifiedTime;
  } catch (error) {
    throw queryFailed(source, jobFailed(faultOf(error), undefined, connection.redact));
  }
  if (modified === undefined || modified === null || !/^\d+$/.test(String(modified))) throw noValue(source);
  return { loadedAt: BigInt(String(modified)) * 1000n, snapshottedAt: BigInt(now.getTime()) * 1000n };
}

/**
 * A REST cell of a timestamp-like column in microseconds: TIMESTAMP as microseconds (the client
 * asks for int64 timestamps), DATETIME (`YYYY-MM-DDTHH:MM:SS[.ffffff]`) and DATE as UTC, as
 * dbt reads a zone-less time.
 */
function microsOfCell(value: unknown, type: string | undefined, source: SourceNode): bigint {
  const text = String(value);
  const kind = String(type ?? '').toUpperCase();
  if (kind === 'TIMESTAMP' && /^-?\d+$/.test(text)) return BigInt(text);
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?)?$/.exec(text);
  if ((kind === 'DATETIME' || kind === 'DATE') && match) {
    const ms = Date.parse(`${match[1]}T${match[2] ?? '00:00:00'}Z`);
    return BigInt(ms) * 1000n + BigInt((match[3] ?? '').padEnd(6, '0') || '0');
  }
  throw new LdpError({
    code: 'LDP892',
    message: `source('${source.sourceName}', '${source.name}'): the freshness query on BigQuery returned ${kind || 'a value'} '${text}', not a TIMESTAMP, DATETIME or DATE`,
    span: source.span,
    hint:
      source.loadedAtField !== undefined
        ? 'loaded_at_field must be a column (or expression) holding a TIMESTAMP, DATETIME or DATE; cast it if it is text.'
        : 'loaded_at_query must return one row whose first column is a TIMESTAMP, DATETIME or DATE.',
  });
}

function queryFailed(source: SourceNode, error: unknown): LdpError {
  const text = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  const what =
    source.loadedAtField !== undefined
      ? `max(${source.loadedAtField})${source.freshness?.filter ? ` where ${source.freshness.filter}` : ''}`
      : source.loadedAtQuery !== undefined
        ? 'loaded_at_query'
        : 'the table’s last modification time';
  return new LdpError(
    {
      code: 'LDP890',
      message: `source('${source.sourceName}', '${source.name}'): BigQuery cannot compute the freshness (${what}): ${text}`,
      span: source.span,
      hint:
        source.loadedAtField !== undefined
          ? 'Check that the source table exists in BigQuery, that loaded_at_field names one of its columns, and the freshness filter.'
          : source.loadedAtQuery !== undefined
            ? 'Run the loaded_at_query in BigQuery: it must return one row whose first column is a timestamp.'
            : 'Check that the source table exists in BigQuery and that the target may read it.',
    },
    { cause: error },
  );
}

function noValue(source: SourceNode): LdpError {
  return new LdpError({
    code: 'LDP891',
    message: `source('${source.sourceName}', '${source.name}'): the freshness check on BigQuery found no load time (${
      source.loadedAtField !== undefined
        ? `${source.loadedAtField} is NULL in every row`
        : source.loadedAtQuery !== undefined
          ? 'loaded_at_query returned NULL'
          : 'the table reports no last modification time'
    })`,
    span: source.span,
    hint: 'The table is empty, or the filter excludes every row: load data first, or widen the filter.',
  });
}
