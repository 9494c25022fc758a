import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { assertNever, Diagnostics, LdpError } from '../errors/index.js';
import { executionLayers } from '../graph/dependency-graph.js';
import type { CompiledNode } from '../model/compiled-node.js';
import type { ExecutionPlan, ModelContract, PlannedStep, StepCommon } from '../model/execution-plan.js';
import type { Manifest } from '../model/manifest.js';
import type {
  GraphNode,
  ModelNode,
  Relation,
  SeedNode,
  SnapshotNode,
  TestNode,
  UnitTestNode,
} from '../model/node.js';
import type { Materialization } from '../model/node-config.js';
import { relationKey, type WarehouseState } from '../model/warehouse-state.js';
import { externalFiles } from './plan-external.js';
import { planMicrobatch } from './plan-microbatch.js';
import { planUnitTest, unitTestsBeforeTheirModel } from './plan-unit-test.js';
import { testsBlockDownstream } from './tests-block-downstream.js';

export interface PlanOptions {
  readonly manifest: Manifest;
  /** Compiled SQL of the selected SQL nodes (seeds need none). */
  readonly compiled: ReadonlyMap<string, CompiledNode>;
  /** The selected nodes, in any order. */
  readonly selected: readonly string[];
  readonly warehouse: WarehouseState;
  readonly fullRefresh: boolean;
  readonly projectRoot: string;
  /** dbt-duckdb's `external_root` (absolute): default folder of `external` models' files. */
  readonly externalRoot?: string;
  /** `ldp build`: steps downstream of a tested node wait for its tests (a failing one skips them). */
  readonly testsBlockDownstream?: boolean;
  /** Rendered `pre_hook` / `post_hook` statements by node id (config holds them unrendered). */
  readonly hooks?: ReadonlyMap<
    string,
    { readonly pre: readonly string[]; readonly post: readonly string[]; readonly readsWarehouse?: true }
  >;
  /** `--event-time-start` / `--event-time-end`: the range microbatch models build. */
  readonly eventTimeStart?: Date;
  readonly eventTimeEnd?: Date;
  /** When the run started (microbatch models build up to it); the clock's time when absent. */
  readonly now?: Date;
}

type Buildable = ModelNode | SeedNode | SnapshotNode | TestNode | UnitTestNode;

/**
 * The run, decided before anything runs (pure: the warehouse state was read once beforehand).
 * One step per selected node that produces something; ephemeral models have none (they are
 * inlined), and dependencies through them are kept.
 */
export function planRun(options: PlanOptions): ExecutionPlan {
  const diagnostics = new Diagnostics();
  const steps = new Map<string, PlannedStep>();
  for (const id of options.selected) {
    const node = options.manifest.nodes.get(id);
    if (!node || !isBuildable(node)) continue;
    const step = diagnostics.capture(() => planStep(node, options));
    if (step) steps.set(id, step);
  }
  diagnostics.throwIfErrors();
  const layered = executionLayers(options.manifest, steps.keys()).flat();
  const above = new Map<string, ReadonlySet<string>>();
  const upstream = new Map(layered.map((id) => [id, upstreamSteps(id, options.manifest, steps, above)]));
  const tested = options.testsBlockDownstream
    ? testsBlockDownstream(layered, steps, upstream)
    : { order: layered, dependsOn: upstream };
  const { order, dependsOn } = unitTestsBeforeTheirModel(tested.order, steps, tested.dependsOn, (modelId) =>
    upstreamSteps(modelId, options.manifest, steps, above),
  );
  return { steps: order.map((id) => steps.get(id)!), dependsOn };
}

function isBuildable(node: GraphNode): node is Buildable {
  if (node.resourceType === 'model') return node.config.materialized !== 'ephemeral';
  return (
    node.resourceType === 'seed' ||
    node.resourceType === 'snapshot' ||
    node.resourceType === 'test' ||
    node.resourceType === 'unit_test'
  );
}

function planStep(node: Buildable, options: PlanOptions): PlannedStep {
  if (node.resourceType === 'seed') {
    const exists = existsInWarehouse(node, options);
    return {
      kind: 'seed',
      common: common(node, '', options),
      csvPath: join(options.projectRoot, node.originalFilePath),
      csvFile: node.originalFilePath,
      csv: {
        ...(node.config.delimiter !== undefined ? { delimiter: node.config.delimiter } : {}),
        ...(node.config.column_types ? { columnTypes: node.config.column_types } : {}),
      },
      exists,
    };
  }
  const compiled = options.compiled.get(node.uniqueId);
  if (!compiled)
    throw new LdpError({
      code: 'LDP401',
      message: `${node.resourceType} '${node.name}' was not compiled`,
      hint: 'This is a bug in ldp; please report it.',
    });
  if (node.resourceType === 'test') return planTest(node, compiled, options);
  if (node.resourceType === 'unit_test') return planUnitTest(node, compiled);
  if (node.resourceType === 'snapshot') {
    return {
      kind: 'snapshot',
      common: common(node, compiled.sql, options, compiled),
      sql: compiled.sql,
      exists: existsInWarehouse(node, options),
      settings: node.snapshot,
      definedAt: node.span,
    };
  }
  if (node.language === 'python') {
    // Its hooks belong with the Python code: they do not run without it.
    const stepCommon = { ...common(node, compiled.sql, options), preHooks: [], postHooks: [] };
    return { kind: 'python', common: stepCommon, error: pythonNotRun(node) };
  }
  return planModel(node, compiled, options);
}

/** LDP120: the run-time error of a Python model; only its descendants are skipped. */
function pythonNotRun(node: ModelNode): LdpError {
  return new LdpError({
    code: 'LDP120',
    message: `model '${node.name}' is a Python model, and ldp runs SQL models only`,
    span: { file: node.originalFilePath, line: 1, col: 1 },
    hint: 'ldp runs SQL models only; rewrite it as SQL, or build it with dbt-duckdb (the models that read it are skipped until then).',
  });
}

/** One strategy per materialization; the `switch` is exhaustive, so a new one must be planned. */
function planModel(node: ModelNode, compiled: CompiledNode, options: PlanOptions): PlannedStep {
  const exists = existsInWarehouse(node, options);
  const materialized: Materialization = node.config.materialized;
  switch (materialized) {
    case 'table':
      return {
        kind: 'table',
        common: common(node, compiled.sql, options, compiled),
        sql: compiled.sql,
        exists,
      };
    case 'view':
      return { kind: 'view', common: common(node, compiled.sql, options, compiled), sql: compiled.sql };
    case 'external':
      return {
        kind: 'external',
        common: common(node, compiled.sql, options, compiled),
        sql: compiled.sql,
        external: externalFiles(node, options.externalRoot ?? options.projectRoot, options.projectRoot),
      };
    case 'incremental': {
      const uniqueKey = node.config.unique_key === undefined ? [] : [node.config.unique_key].flat();
      const strategy = node.config.incremental_strategy ?? (uniqueKey.length > 0 ? 'merge' : 'append');
      // Checked on every run, not only incremental ones, so a new model fails before its first build.
      if (strategy === 'delete+insert' && uniqueKey.length === 0) throw needsUniqueKey(node);
      const rebuild = !exists || options.fullRefresh || node.config.full_refresh === true;
      if (strategy === 'microbatch') return microbatchStep(node, compiled, options, rebuild, exists);
      if (rebuild || compiled.incrementalSql === undefined) {
        return {
          kind: 'incremental-full',
          common: common(node, compiled.sql, options, compiled),
          sql: compiled.sql,
          exists,
        };
      }
      return {
        kind: 'incremental',
        common: common(node, compiled.incrementalSql, options, compiled),
        sql: compiled.incrementalSql,
        strategy,
        uniqueKey,
        ...(node.config.merge_update_columns ? { mergeUpdateColumns: node.config.merge_update_columns } : {}),
        ...(node.config.merge_exclude_columns
          ? { mergeExcludeColumns: node.config.merge_exclude_columns }
          : {}),
        onSchemaChange: node.config.on_schema_change,
      };
    }
    case 'ephemeral':
    case 'seed':
    case 'snapshot':
    case 'test':
      throw new LdpError({
        code: 'LDP402',
        message: `model '${node.name}' has materialized: ${materialized}, which is not a model materialization`,
        span: node.span,
        hint: 'Use table, view, incremental, ephemeral or external.',
      });
    default:
      return assertNever(materialized, 'materialization');
  }
}

/** Microbatch always runs batch by batch, a first build too (from `begin`). */
function microbatchStep(
  node: ModelNode,
  compiled: CompiledNode,
  options: PlanOptions,
  rebuild: boolean,
  exists: boolean,
): PlannedStep {
  const sql = rebuild || compiled.incrementalSql === undefined ? compiled.sql : compiled.incrementalSql;
  const microbatch = planMicrobatch(node, {
    rebuild: rebuild || !exists,
    now: options.now ?? new Date(),
    ...(options.eventTimeStart ? { eventTimeStart: options.eventTimeStart } : {}),
    ...(options.eventTimeEnd ? { eventTimeEnd: options.eventTimeEnd } : {}),
  });
  return {
    kind: 'incremental',
    common: common(node, sql, options, compiled),
    sql,
    strategy: 'microbatch',
    uniqueKey: [],
    onSchemaChange: node.config.on_schema_change,
    microbatch,
  };
}

/** A data test with dbt's defaults: `error` severity, warn and error when any row fails. */
function planTest(node: TestNode, compiled: CompiledNode, options: PlanOptions): PlannedStep {
  const config = { ...testMacroConfig(compiled), ...definedOnly(node.config) };
  return {
    kind: 'test',
    common: common(node, compiled.sql, options, compiled),
    sql: compiled.sql,
    severity: config.severity === 'warn' ? 'warn' : 'error',
    warnIf: normalizeCondition(config.warn_if ?? '!= 0'),
    errorIf: normalizeCondition(config.error_if ?? '!= 0'),
    failCalc: config.fail_calc ?? 'count(*)',
    ...(config.limit !== undefined ? { limit: config.limit } : {}),
    ...(config.store_failures ? { storeFailuresIn: { schema: AUDIT_SCHEMA, identifier: node.name } } : {}),
  };
}

/** The test macro's own `config(fail_calc=…, warn_if=…, error_if=…)`, as strings. */
function testMacroConfig(
  compiled: CompiledNode,
): Partial<Record<'fail_calc' | 'warn_if' | 'error_if', string>> {
  const set = compiled.macroConfig ?? {};
  const out: Partial<Record<'fail_calc' | 'warn_if' | 'error_if', string>> = {};
  for (const key of ['fail_calc', 'warn_if', 'error_if'] as const)
    if (typeof set[key] === 'string') out[key] = set[key] as string;
  return out;
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Namespace of the tables `store_failures` keeps failing rows in. */
export const AUDIT_SCHEMA = 'audit';

/** `==5` → `= 5`: DuckDB compares with `=`. Validation already ensured the shape. */
function normalizeCondition(condition: string): string {
  const match = /^\s*(==?|!=|<>|>=?|<=?)\s*(\d+)\s*$/.exec(condition);
  if (!match) return condition;
  return `${match[1] === '==' ? '=' : match[1]} ${match[2]}`;
}

function needsUniqueKey(node: ModelNode): LdpError {
  return new LdpError({
    code: 'LDP403',
    message: `model '${node.name}' uses incremental_strategy 'delete+insert' without a unique_key`,
    span: node.span,
    hint: "Add unique_key='<column>' (or a list of columns) to its config, or use incremental_strategy='append'.",
  });
}

function common(
  node: Exclude<Buildable, UnitTestNode>,
  sql: string,
  options: PlanOptions,
  compiled?: CompiledNode,
): StepCommon {
  const config = node.config;
  const hooks = options.hooks?.get(node.uniqueId);
  return {
    uniqueId: node.uniqueId,
    name: node.name,
    resourceType: node.resourceType,
    originalFilePath: node.originalFilePath,
    ...('relation' in node ? { relation: node.relation } : {}),
    ...('layer' in node && node.layer ? { layer: node.layer } : {}),
    partitionBy: config.partition_by ?? [],
    preHooks: hooks?.pre ?? config.pre_hook,
    postHooks: hooks?.post ?? config.post_hook,
    ...(hooks?.readsWarehouse ? { hooksReadWarehouse: true as const } : {}),
    ...(compiled ? { compiled } : {}),
    sqlFingerprint: createHash('sha256').update(sql).digest('hex'),
    ...(node.resourceType === 'model' && config.contract?.enforced ? { contract: contractOf(node) } : {}),
    ...(options.fullRefresh && 'relation' in node && storedRelation(node, options)?.unreadable
      ? { replaceUnreadable: true as const }
      : {}),
  };
}

/** dbt requires a declared type for every column of a contracted model; so does ldp. */
function contractOf(node: ModelNode): ModelContract {
  const columns = Object.values(node.columns);
  const untyped = columns.filter((column) => !column.dataType).map((column) => column.name);
  if (columns.length === 0 || untyped.length > 0) {
    throw new LdpError({
      code: 'LDP472',
      message:
        columns.length === 0
          ? `model '${node.name}' has an enforced contract but declares no columns`
          : `model '${node.name}' has an enforced contract, but ${untyped.map((name) => `'${name}'`).join(', ')} ha${untyped.length === 1 ? 's' : 've'} no data_type`,
      span: node.span,
      hint: 'Declare every column the model returns under columns: in its properties YAML, each with a data_type, or set contract: {enforced: false}.',
    });
  }
  return {
    columns: columns.map((column) => ({ name: column.name, dataType: column.dataType! })),
    constraints: [...columns.flatMap((column) => column.constraints ?? []), ...(node.constraints ?? [])],
    definedAt: node.span,
  };
}

function existsInWarehouse(node: ModelNode | SeedNode | SnapshotNode, options: PlanOptions): boolean {
  return storedRelation(node, options)?.kind === 'table';
}

function storedRelation(node: { readonly relation: Relation }, options: PlanOptions) {
  return options.warehouse.relations.get(relationKey(namespaceOf(node.relation), node.relation.identifier));
}

/**
 * Steps a step waits for: its parents in the plan, looking through every parent that is not in
 * it (ephemeral models, and nodes the selection left out), as dbt keeps a subgraph's ancestry: a
 * model reading an unselected view of a rebuilt table waits for that table.
 */
function upstreamSteps(
  id: string,
  manifest: Manifest,
  steps: ReadonlyMap<string, PlannedStep>,
  above: Map<string, ReadonlySet<string>> = new Map(),
): string[] {
  return [...stepsAbove(id, manifest, steps, above)].sort();
}

/** The plan's steps among `nodeId`'s ancestors, not looking past a step; memoized per node. */
function stepsAbove(
  nodeId: string,
  manifest: Manifest,
  steps: ReadonlyMap<string, PlannedStep>,
  above: Map<string, ReadonlySet<string>>,
): ReadonlySet<string> {
  const known = above.get(nodeId);
  if (known) return known;
  const found = new Set<string>();
  above.set(nodeId, found); // a cycle (reported elsewhere) must not recurse forever
  for (const parent of manifest.parentMap.get(nodeId) ?? []) {
    if (steps.has(parent)) found.add(parent);
    else for (const step of stepsAbove(parent, manifest, steps, above)) found.add(step);
  }
  return found;
}

/** The catalog namespace of a relation: its database (when set) and schema. */
function namespaceOf(relation: { readonly database?: string; readonly schema: string }): string {
  return relation.database ? `${relation.database}.${relation.schema}` : relation.schema;
}
