import { join } from 'node:path';
import { DuckDbPool } from '../../adapters/duckdb/index.js';
import type { LakehouseSession } from '../../adapters/duckdb/lakehouse-session.js';
import type { LineageGraph, SqliteCatalog } from '../../catalog/index.js';
import { ephemeralCteName } from '../../compile/relation-value.js';
import {
  type ColumnLineageResult,
  googleSqlForDuckDbParser,
  type UpstreamRelation,
} from '../../lineage/index.js';
import type { CompiledNode } from '../../model/compiled-node.js';
import type { ExecutionPlan } from '../../model/execution-plan.js';
import type { Manifest } from '../../model/manifest.js';
import type { RunResult } from '../../model/run-result.js';
import type { WarehouseState } from '../../model/warehouse-state.js';
import { compileProjectNodes } from '../compile/compile-project.js';
import { targetDir } from '../session/artifacts.js';
import type { SelectionOptions } from '../session/options.js';
import type { ParsedProject } from '../session/parse.js';
import { sourcesRead } from '../warehouse/source-attachment.js';
import { readWarehouseState } from '../warehouse/warehouse-state.js';
import { type RelationColumns, relationColumns } from './lineage-columns.js';
import { buildLineageGraph } from './lineage-graph.js';
import { isLineageNode, type LineageGraphNode, relationKeyOf, storedRelation } from './lineage-nodes.js';
import { writeOpenLineageEvents } from './openlineage-events.js';
import { namedAsStored } from './stored-column-names.js';
import { identifierTokens, traceWithCache } from './trace-cache.js';
import type { TraceJob } from './trace-models.js';

export interface RecordLineageOptions extends SelectionOptions {
  /** Append OpenLineage RunEvents of the run's nodes to this JSON-lines file. */
  readonly openLineagePath?: string;
}

/**
 * Records lineage after a command that built something: table-level lineage from the manifest,
 * column lineage of SQL models and snapshots from their compiled SQL, each node's columns with
 * types and the Iceberg snapshot its table is at. Without a selection the whole project is
 * recorded (`full`: every stored row is replaced); with one, only the nodes the command ran,
 * and the parents of theirs lineage does not know yet (`partial`). Then, if asked, the run's
 * OpenLineage events.
 */
export async function recordLineage(
  session: LakehouseSession,
  catalog: SqliteCatalog,
  parsed: ParsedProject,
  plan: ExecutionPlan,
  run: RunResult,
  options: RecordLineageOptions = {},
): Promise<LineageGraph> {
  const { manifest } = parsed;
  const whole = !options.select?.length && !options.exclude?.length && !options.selector;
  const nodes = whole ? allLineageNodes(manifest) : ranAndUnknownParents(manifest, plan, catalog);
  const compiled = await sqlToTrace(parsed, plan, whole, nodes);
  const warehouse = readWarehouseState(catalog);
  const columns = await relationColumns(session, parsed.project.root, warehouse, [
    ...nodes,
    ...sourcesRead(manifest, [...compiled.keys()]).filter((s) => !nodes.includes(s)),
  ]);
  const jobs = traceJobs(manifest, compiled);
  const traced = await traceWithCache(
    session.pool,
    jobs,
    upstreamRelations(manifest, warehouse, columns, namedIn(jobs)),
    join(targetDir(parsed), 'lineage_cache'),
    // A whole-project run knows every node that can be traced: the others' entries go.
    whole ? [...manifest.nodes.values()].filter(isTraced).map((node) => node.uniqueId) : undefined,
  );
  const graph = buildLineageGraph({ manifest, warehouse, nodes, columns, traced });
  catalog.replaceLineage(graph, { mode: whole ? 'full' : 'partial', runId: run.runId });
  if (options.openLineagePath) {
    writeOpenLineageEvents(options.openLineagePath, { parsed, plan, run, graph, warehouse });
  }
  return graph;
}

function isTraced(node: { readonly resourceType: string }): boolean {
  return node.resourceType === 'model' || node.resourceType === 'snapshot';
}

function allLineageNodes(manifest: Manifest): LineageGraphNode[] {
  return [...manifest.nodes.values()].filter(isLineageNode);
}

/** The nodes the command ran, and their direct parents that no earlier run recorded. */
function ranAndUnknownParents(
  manifest: Manifest,
  plan: ExecutionPlan,
  catalog: SqliteCatalog,
): LineageGraphNode[] {
  const ran = new Set(plan.steps.map((step) => step.common.uniqueId));
  const parents = new Set([...ran].flatMap((id) => manifest.parentMap.get(id) ?? []));
  const stored = catalog.storedLineageIds([...parents].filter((id) => !ran.has(id)));
  const ids = new Set(ran);
  for (const parent of parents) if (!stored.has(parent)) ids.add(parent);
  return [...ids].map((id) => manifest.nodes.get(id)).filter(isLineageNode);
}

/**
 * The compiled SQL of the models and snapshots among `nodes`: the command's own, and for the
 * whole project the rest compiled now (from the compile cache when it can).
 */
async function sqlToTrace(
  parsed: ParsedProject,
  plan: ExecutionPlan,
  whole: boolean,
  nodes: readonly LineageGraphNode[],
): Promise<Map<string, CompiledNode>> {
  const own = new Map(
    plan.steps.flatMap((step) =>
      step.common.compiled ? [[step.common.uniqueId, step.common.compiled] as const] : [],
    ),
  );
  const all = whole ? await compileProjectNodes(parsed, ['model', 'snapshot'], own) : own;
  const traced = new Map<string, CompiledNode>();
  for (const node of nodes) {
    const sql = all.get(node.uniqueId);
    if (sql && (node.resourceType === 'model' || node.resourceType === 'snapshot'))
      traced.set(node.uniqueId, sql);
  }
  return traced;
}

function traceJobs(manifest: Manifest, compiled: ReadonlyMap<string, CompiledNode>): TraceJob[] {
  return [...compiled.values()].map((node) => ({
    uniqueId: node.uniqueId,
    // The full query: an incremental one also reads the model's own table, which is no lineage.
    sql: node.sql,
    ephemerals: Object.fromEntries(
      node.ephemerals.flatMap((id) => {
        const ephemeral = manifest.nodes.get(id);
        return ephemeral ? [[ephemeralCteName(ephemeral.name), id]] : [];
      }),
    ),
  }));
}

/** Every name the SQL of the jobs could use for a relation (lower-cased). */
function namedIn(jobs: readonly TraceJob[]): Set<string> {
  const names = new Set<string>();
  for (const job of jobs) for (const token of identifierTokens(job.sql)) names.add(token);
  return names;
}

/**
 * Every relation node whose columns are known and whose name the traced SQL uses (`named`: a
 * relation it does not name cannot be read by it), keyed the way compiled SQL names it. Only
 * those are looked up in the warehouse, so tracing one model reads the relations it names.
 */
function upstreamRelations(
  manifest: Manifest,
  warehouse: WarehouseState,
  columns: ReadonlyMap<string, RelationColumns>,
  named: ReadonlySet<string>,
): Record<string, UpstreamRelation> {
  const relations: Record<string, UpstreamRelation> = {};
  for (const node of manifest.nodes.values()) {
    if (!isLineageNode(node)) continue;
    const relation = storedRelation(node);
    if (!relation || !named.has(relation.identifier.toLowerCase())) continue;
    const key = relationKeyOf(relation);
    const described = columns.get(node.uniqueId);
    const known =
      node.resourceType === 'source'
        ? described?.from === 'engine'
          ? described.columns
          : undefined
        : warehouse.relations.get(key)?.columns;
    if (!known) continue;
    relations[key] = {
      nodeId: node.uniqueId,
      columns: known.map((c) => ({ name: c.name, type: c.type ?? '' })),
    };
  }
  return relations;
}

/**
 * Lineage of a run on a remote engine (BigQuery): table lineage from the manifest, each node's
 * columns with the types the engine reports (`columns`, by unique id; sources' too), and column
 * lineage traced as for local runs: the GoogleSQL is respelled for DuckDB's parser
 * (`googleSqlForDuckDbParser`: backtick names, string literals, date parts) and traced against
 * the columns BigQuery reported. A query DuckDB's parser still cannot read is recorded as
 * `failed`, never guessed.
 */
export async function recordRemoteLineage(
  catalog: SqliteCatalog,
  parsed: ParsedProject,
  plan: ExecutionPlan,
  run: RunResult,
  remote: { readonly warehouse: WarehouseState; readonly columns: ReadonlyMap<string, RelationColumns> },
  options: RecordLineageOptions = {},
): Promise<LineageGraph> {
  const { manifest } = parsed;
  const whole = !options.select?.length && !options.exclude?.length && !options.selector;
  const nodes = whole ? allLineageNodes(manifest) : ranAndUnknownParents(manifest, plan, catalog);
  const compiled = await sqlToTrace(parsed, plan, whole, nodes);
  const jobs = traceJobs(manifest, compiled).map((job) => ({
    ...job,
    sql: googleSqlForDuckDbParser(job.sql),
  }));
  // One connection: parsing a project's queries is quick, and the run's own engine is remote.
  const pool = await DuckDbPool.create({ threads: 1, connections: 1, settings: {} });
  let traced: Map<string, ColumnLineageResult>;
  try {
    traced = await traceWithCache(
      pool,
      jobs,
      upstreamRelations(manifest, remote.warehouse, remote.columns, namedIn(jobs)),
      join(targetDir(parsed), 'lineage_cache'),
      whole ? [...manifest.nodes.values()].filter(isTraced).map((node) => node.uniqueId) : undefined,
    );
  } finally {
    await pool.close();
  }
  // Tables and views were made from the query itself, so their columns are its columns by position.
  for (const [id, result] of traced) {
    const node = manifest.nodes.get(id);
    const made = node?.resourceType === 'model' && ['table', 'view'].includes(node.config.materialized);
    if (made) traced.set(id, namedAsStored(result, remote.columns.get(id)?.columns));
  }
  const graph = buildLineageGraph({
    manifest,
    warehouse: remote.warehouse,
    nodes,
    columns: remote.columns,
    traced,
  });
  catalog.replaceLineage(graph, { mode: whole ? 'full' : 'partial', runId: run.runId });
  if (options.openLineagePath) {
    writeOpenLineageEvents(options.openLineagePath, {
      parsed,
      plan,
      run,
      graph,
      warehouse: remote.warehouse,
    });
  }
  return graph;
}
