import { z } from 'zod';
import { LdpError } from '../../errors/index.js';
import type { SourceNode } from '../../model/node.js';

/**
 * Where a source's rows live in BigQuery (`meta.bigquery` of the source or of its table; the
 * table's replaces the source's). Without `table` and `query`, the table is the source table's
 * identifier, so one `meta.bigquery: {project, dataset}` on the source serves all its tables.
 */
export interface BigQuerySourceSpec {
  /** The profile output (a `type: bigquery` target) to read with. */
  readonly target?: string;
  readonly project?: string;
  readonly dataset?: string;
  readonly table?: string;
  /** A GoogleSQL query whose rows are the source (instead of a table). */
  readonly query?: string;
  /** A GoogleSQL condition on the rows to load. */
  readonly where?: string;
  readonly limit?: number;
  /** Reads about this share of the table's storage blocks (`TABLESAMPLE SYSTEM`). */
  readonly samplePercent?: number;
  /** A column that grows with new rows: later loads append only rows past its largest value. */
  readonly watermark?: string;
}

const SPEC = z.strictObject({
  target: z.string().min(1).optional(),
  project: z.string().min(1).optional(),
  dataset: z.string().min(1).optional(),
  table: z.string().min(1).optional(),
  query: z.string().min(1).optional(),
  where: z.string().min(1).optional(),
  limit: z.number().int().positive().optional(),
  sample_percent: z.number().gt(0).lte(100).optional(),
  watermark: z.string().min(1).optional(),
});

/** True when the source declares that it lives in BigQuery. */
export function isBigQuerySource(source: SourceNode): boolean {
  return source.meta['bigquery'] !== undefined;
}

/** The source's `meta.bigquery`, checked; a wrong key or value is `LDP492` at the source's line. */
export function bigQuerySourceSpec(source: SourceNode): BigQuerySourceSpec {
  const checked = SPEC.safeParse(source.meta['bigquery']);
  const name = `${source.sourceName}.${source.name}`;
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    const at = issue.path.length > 0 ? `meta.bigquery.${issue.path.join('.')}` : 'meta.bigquery';
    throw specError(source, `source ${name}: ${at}: ${issue.message}`);
  }
  const spec = checked.data;
  if (spec.query && (spec.table || spec.sample_percent !== undefined))
    throw specError(
      source,
      `source ${name}: meta.bigquery has both query and ${spec.table ? 'table' : 'sample_percent'}`,
    );
  if (!spec.query && !spec.dataset)
    throw specError(source, `source ${name}: meta.bigquery needs dataset (or a query)`);
  return {
    ...(spec.target ? { target: spec.target } : {}),
    ...(spec.project ? { project: spec.project } : {}),
    ...(spec.query
      ? { query: spec.query }
      : { dataset: spec.dataset!, table: spec.table ?? source.identifier }),
    ...(spec.where ? { where: spec.where } : {}),
    ...(spec.limit !== undefined ? { limit: spec.limit } : {}),
    ...(spec.sample_percent !== undefined ? { samplePercent: spec.sample_percent } : {}),
    ...(spec.watermark ? { watermark: spec.watermark } : {}),
  };
}

function specError(source: SourceNode, message: string): LdpError {
  return new LdpError({
    code: 'LDP492',
    message,
    span: source.span,
    hint: 'meta.bigquery takes project, dataset, table (or query), and optional where, limit, sample_percent, watermark, target.',
  });
}
