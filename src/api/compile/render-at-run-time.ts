import { createHash } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { SqliteCatalog } from '../../catalog/index.js';
import { nodeCompiler } from '../../compile/compile-graph.js';
import { compileHooks } from '../../compile/compile-hooks.js';
import type { CompiledNode } from '../../model/compiled-node.js';
import type { PlannedStep } from '../../model/execution-plan.js';
import { renderWithWarehouse } from '../../template/index.js';
import type { ParsedProject } from '../session/parse.js';
import { compiledFiles, writeFiles } from './compiled-files.js';
import { compiledPathIn, fixtureFilesOf } from './compiled-paths.js';
import { projectScope } from './render-hooks.js';
import { duckdbStatementRunner, warehouseDrop } from './statement-runner.js';

/** Renders a node with the warehouse at hand, on `conn`; its introspective statements run there. */
export type WarehouseRender = (uniqueId: string, conn: DuckDBConnection) => Promise<CompiledNode | undefined>;

/**
 * Renders nodes as dbt does at run time, with `execute` true and the warehouse open: the
 * statements of `run_query`, `statement`, `adapter.get_columns_in_relation`… run on the
 * connection given, which sees the lakehouse as it stands (parents built by this run included);
 * `beforeStatement` makes what a statement reads queryable first.
 */
export function warehouseRenderer(
  parsed: ParsedProject,
  catalog: SqliteCatalog,
  beforeStatement?: (conn: DuckDBConnection, sql: string) => Promise<void>,
): WarehouseRender {
  // Built on first use: most runs have no node that reads the warehouse while it renders.
  let compileOne: ReturnType<typeof nodeCompiler> | undefined;
  const isTable = (schema: string, name: string) => catalog.tableExists({ namespace: [schema], name });
  return (uniqueId, conn) => {
    compileOne ??= nodeCompiler({
      manifest: parsed.manifest,
      renderer: parsed.templates.engine,
      baseContext: parsed.templates.base,
      compiledPathOf: (node) => compiledPathIn(parsed.project.config, node),
      fixtureFiles: fixtureFilesOf(parsed.project.files),
    });
    const compile = compileOne;
    return renderWithWarehouse(
      (port) => compile(uniqueId, port),
      duckdbStatementRunner(conn, isTable, { beforeRun: beforeStatement, drop: warehouseDrop(catalog) }),
    );
  };
}

/** Renders a node's pre- or post-hooks with the warehouse at hand, on `conn`, just before they run. */
export type HookRender = (
  uniqueId: string,
  kind: 'pre' | 'post',
  conn: DuckDBConnection,
) => Promise<readonly string[]>;

/**
 * Hooks that read or change the warehouse while they render (`adapter.drop_relation(this)`,
 * `run_query`) render as dbt renders every hook: when they run, post-hooks after the node's
 * table is written, so they see (and may drop) it.
 */
export function hookRenderer(
  parsed: ParsedProject,
  catalog: SqliteCatalog,
  beforeStatement?: (conn: DuckDBConnection, sql: string) => Promise<void>,
): HookRender {
  const isTable = (schema: string, name: string) => catalog.tableExists({ namespace: [schema], name });
  return (uniqueId, kind, conn) => {
    const node = parsed.manifest.nodes.get(uniqueId);
    if (!node) return Promise.resolve([]);
    const scope = projectScope(parsed);
    return renderWithWarehouse(
      (port) => compileHooks(node, scope.withWarehouse(port))[kind],
      duckdbStatementRunner(conn, isTable, { beforeRun: beforeStatement, drop: warehouseDrop(catalog) }),
    );
  };
}

/**
 * A step whose node reads the warehouse while it renders gets its SQL now, just before it runs,
 * and its compiled file is written again with that SQL. Other steps are returned as they are.
 */
export async function stepRenderedNow(
  step: PlannedStep,
  conn: DuckDBConnection,
  render: WarehouseRender,
  projectRoot: string,
): Promise<PlannedStep> {
  if (!step.common.compiled?.readsWarehouse || !('sql' in step)) return step;
  const compiled = await render(step.common.uniqueId, conn);
  if (compiled === undefined) return step;
  writeFiles(compiledFiles(projectRoot, [compiled], new Set()));
  const sql = step.kind === 'incremental' ? (compiled.incrementalSql ?? compiled.sql) : compiled.sql;
  const sqlFingerprint = createHash('sha256').update(sql).digest('hex');
  return { ...step, sql, common: { ...step.common, compiled, sqlFingerprint } } as PlannedStep;
}
