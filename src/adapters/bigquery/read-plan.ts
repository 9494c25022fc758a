import type { BigQuerySourceSpec } from './source-spec.js';

/** How a source's rows are read: a whole table (`tabledata.list`, free) or a query job. */
export type ReadPlan =
  | { readonly kind: 'table'; readonly project: string; readonly dataset: string; readonly table: string }
  | { readonly kind: 'query'; readonly sql: string };

/** `` `project.dataset.table` `` as GoogleSQL writes a table path. */
export function tablePath(project: string, dataset: string, table: string): string {
  return `\`${[project, dataset, table].map((part) => part.replaceAll('`', '\\`')).join('.')}\``;
}

/**
 * The read for a source: a table without `where`, `limit`, `sample_percent` or a watermark is
 * listed; everything else is one query (`SELECT *` over the table or the spec's query, sampled,
 * filtered, past the watermark, ordered by the watermark when limited so loads move forward).
 * `after` is a GoogleSQL literal of the last loaded watermark value, if any.
 */
export function readPlan(spec: BigQuerySourceSpec, defaultProject: string, after?: string): ReadPlan {
  const project = spec.project ?? defaultProject;
  const conditions = [
    ...(spec.where ? [`(${spec.where})`] : []),
    ...(spec.watermark && after !== undefined ? [`${quoteColumn(spec.watermark)} > ${after}`] : []),
  ];
  const plain = conditions.length === 0 && spec.limit === undefined && spec.samplePercent === undefined;
  if (!spec.query && plain) return { kind: 'table', project, dataset: spec.dataset!, table: spec.table! };
  const from = spec.query
    ? `(\n${spec.query.trim().replace(/;\s*$/, '')}\n) AS src`
    : `${tablePath(project, spec.dataset!, spec.table!)}${spec.samplePercent !== undefined ? ` TABLESAMPLE SYSTEM (${spec.samplePercent} PERCENT)` : ''}`;
  const lines = [
    `SELECT * FROM ${from}`,
    ...(conditions.length > 0 ? [`WHERE ${conditions.join(' AND ')}`] : []),
    ...(spec.limit !== undefined && spec.watermark ? [`ORDER BY ${quoteColumn(spec.watermark)}`] : []),
    ...(spec.limit !== undefined ? [`LIMIT ${spec.limit}`] : []),
  ];
  return { kind: 'query', sql: lines.join('\n') };
}

function quoteColumn(name: string): string {
  return `\`${name.replaceAll('`', '\\`')}\``;
}
