import type { SqliteCatalog } from '../../catalog/index.js';
import { InspectErrors } from '../errors/inspect-errors.js';
import { type ShowFormat, type ShownRows, showRows } from '../inspect/show-output.js';
import { type ShowQuery, type ShowTarget, showQueryFor } from '../inspect/show-query.js';
import { parseSnapshotId, parseTime, type SnapshotChoice } from '../inspect/snapshot-choice.js';
import { warnAboutTablesOutsideWarehouse } from '../run/tables-outside-warehouse.js';
import type { ProjectOptions, SelectionOptions } from '../session/options.js';
import { type ParsedProject, parse } from '../session/parse.js';
import { resolveStoredNode } from '../session/resolve-node.js';
import { openWarehouseCatalog } from '../warehouse/lakehouse.js';
import { withReadSession } from '../warehouse/read-session.js';
import { openCatalogIfBuilt } from '../warehouse/stored-relation.js';

export type { ShowFormat } from '../inspect/show-output.js';

export interface ShowOptions extends ProjectOptions, SelectionOptions {
  /** SQL to run instead of a model; `ref()`, `source()` and macros work as in a model. */
  readonly inline?: string;
  /** Rows to show (default 10, as dbt); 0 = every row (csv and json only). */
  readonly limit?: number;
  /** Time travel: read this snapshot of the model's table. */
  readonly snapshotId?: string;
  /** Time travel: read the snapshot that was current at this ISO time. */
  readonly asOf?: string;
  /** Default `table`. */
  readonly output?: ShowFormat;
  /** csv/json: write the rows to this file (relative to the working directory). */
  readonly outputFile?: string;
  /** csv/json of every row without an output file: the rows stream here (e.g. stdout). */
  readonly stream?: NodeJS.WritableStream;
}

export interface ShowResult extends ShownRows {
  /** What was shown: `model gold_payment_mix`, `inline query`. */
  readonly label: string;
  /** The snapshot read, when a table was shown. */
  readonly snapshotId?: string;
}

/**
 * `ldp show`: the first rows of a model (seed, snapshot), of one of its earlier snapshots, or of
 * ad-hoc SQL. Reads the catalog read-only and never takes the warehouse lock, so it runs while
 * `ldp run` writes; a table is read at one snapshot, so it never sees half a commit.
 */
export async function show(options: ShowOptions): Promise<ShowResult> {
  const format = options.output ?? 'table';
  const limit = options.limit ?? 10;
  checkShowOptions(options, format, limit);
  const parsed = await parse(options);
  const target = showTargetOf(parsed, options);
  let catalog = openCatalogIfBuilt(parsed.project.target);
  try {
    if (catalog) warnAboutTablesOutsideWarehouse(catalog, parsed.reporter);
    const query = showQueryFor(parsed, catalog, target);
    // Inline SQL over sources alone may run before anything was built: give it an empty warehouse.
    catalog ??= openWarehouseCatalog(parsed.project.target);
    const shown = await runQuery(parsed, catalog, query, { ...options, format, limit });
    return {
      ...shown,
      label: query.label,
      ...(query.snapshotId === undefined ? {} : { snapshotId: query.snapshotId.toString() }),
    };
  } finally {
    catalog?.close();
  }
}

function runQuery(
  parsed: ParsedProject,
  catalog: SqliteCatalog,
  query: ShowQuery,
  options: ShowOptions & { format: ShowFormat; limit: number },
): Promise<ShownRows> {
  const session = { attachWarehouse: query.needsWarehouse, sources: query.sources, reads: [query.sql] };
  return withReadSession(parsed, catalog, session, (conn) =>
    showRows(conn, query.sql, {
      format: options.format,
      limit: options.limit,
      reporter: parsed.reporter,
      label: query.label,
      ...(options.outputFile !== undefined ? { outputFile: options.outputFile } : {}),
      ...(options.stream ? { stream: options.stream } : {}),
    }),
  );
}

function showTargetOf(parsed: ParsedProject, options: ShowOptions): ShowTarget {
  if (options.inline !== undefined) return { kind: 'inline', sql: options.inline };
  return { kind: 'node', node: resolveStoredNode(parsed, options), snapshot: snapshotChoice(options) };
}

function snapshotChoice(options: ShowOptions): SnapshotChoice {
  if (options.snapshotId !== undefined)
    return { kind: 'id', snapshotId: parseSnapshotId(options.snapshotId) };
  if (options.asOf !== undefined)
    return { kind: 'as-of', asOfMs: parseTime(options.asOf), text: options.asOf };
  return { kind: 'current' };
}

/** Conflicting or impossible flags fail before the project is even parsed. */
function checkShowOptions(options: ShowOptions, format: ShowFormat, limit: number): void {
  const invalid = InspectErrors.invalidOption;
  const selects = (options.select?.length ?? 0) > 0 || options.selector !== undefined;
  if (!Number.isInteger(limit) || limit < 0)
    throw invalid(
      `limit must be a whole number ≥ 0, got ${limit}`,
      'Use e.g. --limit 20, or --limit 0 for every row.',
    );
  if (options.inline !== undefined && selects)
    throw invalid('show takes a model (--select) or SQL (--inline), not both', 'Drop one of the two.');
  if (options.inline === undefined && !selects)
    throw invalid('show needs a model or SQL', 'Pass --select <model>, or --inline "select …".');
  if (options.snapshotId !== undefined && options.asOf !== undefined)
    throw invalid('--snapshot and --as-of both choose the snapshot to read', 'Give only one of them.');
  if (options.inline !== undefined && (options.snapshotId !== undefined || options.asOf !== undefined))
    throw invalid(
      'time travel reads a model, not inline SQL',
      'Use --select <model> with --snapshot or --as-of.',
    );
  if (format === 'table' && limit === 0)
    throw invalid(
      'every row cannot be shown as a table',
      'Use --output csv or json (with --output-file) for all rows.',
    );
  if (format === 'table' && options.outputFile !== undefined)
    throw invalid('an output file needs --output csv or json', 'Add --output csv (or json).');
}
