import type { SourceLoadResult } from '../../adapters/bigquery/load-source.js';
import { bigQuerySourceSpec, isBigQuerySource } from '../../adapters/bigquery/source-spec.js';
import { tableIdOf } from '../../adapters/duckdb/lakehouse-session.js';
import { DuckDbPool } from '../../adapters/duckdb/pool.js';
import { LdpError, LdpErrors } from '../../errors/index.js';
import type { SourceNode } from '../../model/node.js';
import { loadProjectOnly } from '../session/load.js';
import type { ProjectOptions, SelectionOptions } from '../session/options.js';
import { type ParsedProject, parse } from '../session/parse.js';
import { selectForCommand } from '../session/select.js';
import { engineThreads } from '../warehouse/engine-resources.js';
import { engineSettings, openWarehouseCatalog } from '../warehouse/lakehouse.js';
import { lockWarehouse } from '../warehouse/lock-warehouse.js';
import { bigQueryReaders, type ReadersByTarget } from './source-load-readers.js';

export interface SourceLoadOptions extends ProjectOptions, SelectionOptions {
  /** Replace every row, also of sources with a watermark. */
  readonly fullRefresh?: boolean;
  /** The BigQuery output to read sources with that name none in `meta.bigquery.target`. */
  readonly fromTarget?: string;
  readonly lockWaitMs?: number;
  /** Rows per BigQuery page and per data file (tests and benches make them small or large). */
  readonly pageSize?: number;
  readonly rowsPerFile?: number;
}

export interface LoadedSource {
  readonly source: SourceNode;
  readonly result?: SourceLoadResult;
  readonly error?: LdpError;
}

export interface SourceLoadCommandResult {
  readonly parsed: ParsedProject;
  readonly loads: readonly LoadedSource[];
  /** True when a source could not be loaded (the CLI exits with 1). */
  readonly failed: boolean;
}

/**
 * `ldp source load`: every selected source with `meta.bigquery` is read from BigQuery and
 * committed to the local lakehouse as the table its relation names (`<schema>.<identifier>`),
 * so `source()` in models reads it. One snapshot per source; a failed source does not stop the
 * others and leaves its table as it was.
 */
export async function sourceLoad(options: SourceLoadOptions): Promise<SourceLoadCommandResult> {
  const parsed = await parse(options);
  // A misspelt --from-target is an error even when no selected source would use it.
  if (options.fromTarget !== undefined) await loadProjectOnly({ ...options, target: options.fromTarget });
  const sources = selectForCommand(parsed, options, ['source'])
    .map((id) => parsed.manifest.nodes.get(id))
    .filter((node): node is SourceNode => node?.resourceType === 'source' && isBigQuerySource(node));
  if (sources.length === 0) {
    parsed.reporter.report({
      kind: 'info',
      message: 'No selected source declares meta.bigquery; nothing to load.',
    });
    return { parsed, loads: [], failed: false };
  }
  const specs = checkedSpecs(sources);
  const readers = await bigQueryReaders(options, specs, sources);
  const catalog = openWarehouseCatalog(parsed.project.target, options.clock);
  const pool = await DuckDbPool.create({
    threads: engineThreads(parsed.project.target),
    connections: 1,
    settings: engineSettings(parsed.project.target),
  });
  try {
    await lockWarehouse(catalog, {
      owner: `ldp source load (project ${parsed.project.config.name})`,
      waitMs: options.lockWaitMs ?? 60_000,
      reporter: parsed.reporter,
    });
    const loads: LoadedSource[] = [];
    for (const [i, source] of sources.entries())
      loads.push(await loadOne(parsed, source, specs[i]!, readers, { catalog, pool, options }));
    return { parsed, loads, failed: loads.some((l) => l.error) };
  } finally {
    await pool.close();
    catalog.close();
  }
}

function checkedSpecs(sources: readonly SourceNode[]) {
  const errors: LdpError[] = [];
  const specs = sources.map((source) => {
    try {
      return bigQuerySourceSpec(source);
    } catch (error) {
      if (!(error instanceof LdpError)) throw error;
      errors.push(error);
      return undefined;
    }
  });
  if (errors.length > 0) throw errors.length === 1 ? errors[0] : new LdpErrors(errors);
  return specs.map((spec) => spec!);
}

async function loadOne(
  parsed: ParsedProject,
  source: SourceNode,
  spec: ReturnType<typeof bigQuerySourceSpec>,
  readers: ReadersByTarget,
  ctx: { catalog: ReturnType<typeof openWarehouseCatalog>; pool: DuckDbPool; options: SourceLoadOptions },
): Promise<LoadedSource> {
  const { loadSource } = await import('../../adapters/bigquery/load-source.js');
  const id = tableIdOf(source.relation);
  const name = `${source.sourceName}.${source.name}`;
  try {
    const result = await ctx.pool.withConnection((conn) =>
      loadSource(
        readers.for(spec),
        spec,
        { conn, catalog: ctx.catalog, id },
        {
          ...(ctx.options.fullRefresh ? { fullRefresh: true } : {}),
          ...(ctx.options.pageSize ? { pageSize: ctx.options.pageSize } : {}),
          ...(ctx.options.rowsPerFile ? { rowsPerFile: ctx.options.rowsPerFile } : {}),
          summary: { 'ldp.run-id': parsed.invocationId, 'ldp.node': source.uniqueId },
        },
      ),
    );
    parsed.reporter.report({ kind: 'info', message: describeLoad(name, id, result) });
    return { source, result };
  } catch (error) {
    if (!(error instanceof LdpError)) throw error;
    const failed = new LdpError({
      ...error,
      message: `source ${name}: ${error.message}`,
      span: error.span ?? source.span,
    });
    parsed.reporter.report({ kind: 'diagnostic', diagnostic: failed });
    return { source, error: failed };
  }
}

function describeLoad(
  name: string,
  id: { namespace: readonly string[]; name: string },
  r: SourceLoadResult,
): string {
  const details = [
    r.mode === 'incremental' ? `incremental${r.after ? ` past ${r.after}` : ''}` : 'full',
    r.snapshotId !== undefined ? `snapshot ${r.snapshotId}` : 'no new rows, nothing committed',
    ...(r.jobId
      ? [`job ${r.jobId}`, `${r.bytesProcessed ?? 0} bytes processed`]
      : ['read with tabledata.list']),
  ];
  return `loaded source ${name} into ${[...id.namespace, id.name].join('.')}: ${r.rows} rows (${details.join(', ')})`;
}
