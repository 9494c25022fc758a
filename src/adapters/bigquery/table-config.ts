import { LdpError } from '../../errors/index.js';
import type { BigQueryPartitionBy } from './partition-by.js';

/** A model's BigQuery table settings (dbt-bigquery's config keys), checked. */
export interface BigQueryTableConfig {
  readonly partitionBy?: BigQueryPartitionBy;
  /** Up to four columns. */
  readonly clusterBy: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly partitionExpirationDays?: number;
  readonly requirePartitionFilter?: boolean;
  readonly kmsKeyName?: string;
  readonly description?: string;
  /** `table_format: iceberg`: a BigQuery table for Apache Iceberg, its files under `storageUri`. */
  readonly iceberg?: { readonly connection: string; readonly storageUri: string };
}

/** dbt-bigquery's limit: a table is clustered by at most four columns. */
const MAX_CLUSTER_COLUMNS = 4;
/** BigQuery's rule for label keys: lower-case letters, digits, `_` and `-`, starting with a letter. */
const LABEL_KEY = /^[\p{Ll}\p{Lo}][\p{Ll}\p{Lo}\p{N}_-]{0,62}$/u;
const LABEL_VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]{0,63}$/u;

function invalid(key: string, message: string, hint: string): LdpError {
  return new LdpError({ code: 'LDP484', message: `config '${key}': ${message}`, hint });
}

/** The raw config keys this reads (as a model's config or `config.get` gives them). */
export interface WrittenTableConfig {
  readonly partitionBy?: BigQueryPartitionBy;
  readonly cluster_by?: unknown;
  readonly labels?: unknown;
  readonly partition_expiration_days?: unknown;
  readonly require_partition_filter?: unknown;
  readonly kms_key_name?: unknown;
  readonly description?: unknown;
  readonly table_format?: unknown;
  readonly storage_uri?: unknown;
  readonly bigquery_connection?: unknown;
}

/** Checks the written keys; every problem names the key and what would be right. */
export function readTableConfig(
  written: WrittenTableConfig,
  relation: { schema: string; identifier: string },
): BigQueryTableConfig {
  const clusterBy =
    written.cluster_by === undefined
      ? []
      : Array.isArray(written.cluster_by)
        ? written.cluster_by.map(String)
        : [String(written.cluster_by)];
  if (clusterBy.length > MAX_CLUSTER_COLUMNS)
    throw invalid(
      'cluster_by',
      `${clusterBy.length} columns; BigQuery clusters by at most ${MAX_CLUSTER_COLUMNS}`,
      'Keep the four columns queries filter on most.',
    );
  const days = written.partition_expiration_days;
  if (days !== undefined && (typeof days !== 'number' || days <= 0))
    throw invalid(
      'partition_expiration_days',
      'expected a positive number of days',
      'Write partition_expiration_days: 90.',
    );
  if (days !== undefined && !written.partitionBy)
    throw invalid(
      'partition_expiration_days',
      'needs partition_by',
      'Partition the table, or remove partition_expiration_days.',
    );
  if (written.require_partition_filter !== undefined && typeof written.require_partition_filter !== 'boolean')
    throw invalid(
      'require_partition_filter',
      'expected true or false',
      'Write require_partition_filter: true.',
    );
  const config: BigQueryTableConfig = {
    clusterBy,
    labels: labelsOf(written.labels),
    ...(written.partitionBy ? { partitionBy: written.partitionBy } : {}),
    ...(typeof days === 'number' ? { partitionExpirationDays: days } : {}),
    ...(typeof written.require_partition_filter === 'boolean'
      ? { requirePartitionFilter: written.require_partition_filter }
      : {}),
    ...(typeof written.kms_key_name === 'string' ? { kmsKeyName: written.kms_key_name } : {}),
    ...(typeof written.description === 'string' && written.description !== ''
      ? { description: written.description }
      : {}),
  };
  const iceberg = icebergOf(written, relation);
  return iceberg ? { ...config, iceberg } : config;
}

function labelsOf(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalid('labels', 'expected a mapping of label names to values', 'Write labels: {team: finance}.');
  const labels: Record<string, string> = {};
  for (const [key, raw] of Object.entries(value)) {
    const text = String(raw);
    if (!LABEL_KEY.test(key) || !LABEL_VALUE.test(text))
      throw invalid(
        'labels',
        `label ${key}: ${text} is not a BigQuery label`,
        'Label keys and values use lower-case letters, digits, _ and - (keys start with a letter), 63 characters at most.',
      );
    labels[key] = text;
  }
  return labels;
}

/**
 * `table_format: iceberg` needs a Cloud resource connection and a Cloud Storage root. Each table
 * gets its own empty folder below the root, `<root>/<dataset>/<table>`: BigQuery forgets files
 * it did not write, so two tables must never share a folder.
 */
function icebergOf(
  written: WrittenTableConfig,
  relation: { schema: string; identifier: string },
): BigQueryTableConfig['iceberg'] {
  if (written.table_format === undefined || String(written.table_format).toLowerCase() === 'default')
    return undefined;
  if (String(written.table_format).toLowerCase() !== 'iceberg')
    throw invalid(
      'table_format',
      `'${String(written.table_format)}' is not a table format BigQuery writes`,
      'Use table_format: iceberg, or leave it out for BigQuery storage.',
    );
  const root = written.storage_uri;
  if (typeof root !== 'string' || !/^gs:\/\/[^/]+/.test(root))
    throw invalid(
      'storage_uri',
      'table_format iceberg needs storage_uri: gs://<bucket>[/<path>]',
      'Set +storage_uri on the layer folder; each table is written below it in <dataset>/<table>.',
    );
  const connection = written.bigquery_connection;
  if (typeof connection !== 'string' || connection === '')
    throw invalid(
      'bigquery_connection',
      'table_format iceberg needs the Cloud resource connection BigQuery writes the files with',
      "Set bigquery_connection: <project>.<location>.<connection id> (or DEFAULT for the project's default connection).",
    );
  return { connection, storageUri: `${root.replace(/\/+$/, '')}/${relation.schema}/${relation.identifier}` };
}
