import { Diagnostics, LdpError } from '../errors/index.js';
import type { CompiledNode } from '../model/compiled-node.js';
import type { Manifest } from '../model/manifest.js';
import type { GraphNode } from '../model/node.js';
import type { WarehousePort } from '../template/index.js';
import { compileGenericTest, type MacroCaller } from './compile-generic-test.js';
import { compileNode, type RenderedSql } from './compile-node.js';
import { CompileScope, type TemplateRenderer } from './compile-scope.js';
import { compileUnitTest } from './compile-unit-test.js';
import type { FixtureFiles } from './unit-test-rows.js';

type SqlNode = Extract<GraphNode, { rawSql: string }>;

/** The compiled form of the selected nodes, keyed by unique id, in selection order. */
export interface CompiledGraph {
  readonly manifest: Manifest;
  readonly nodes: ReadonlyMap<string, CompiledNode>;
}

export interface CompileGraphOptions {
  readonly manifest: Manifest;
  readonly selected: readonly string[];
  readonly renderer: TemplateRenderer & MacroCaller;
  readonly baseContext: Readonly<Record<string, unknown>>;
  /** Where a node's compiled SQL is written, relative to the project (for messages and run results). */
  readonly compiledPathOf: (node: GraphNode) => string;
  /** Unit-test fixture files (`tests/fixtures/*.csv|sql`) by file name. */
  readonly fixtureFiles?: FixtureFiles;
}

/**
 * Renders every selected SQL node (models, snapshots, tests, analyses) with resolved relations,
 * and every selected unit test (its model's SQL over fixture tables).
 * Ephemeral models are never compiled on their own: they are inlined where they are used.
 * A node that fails to render is reported, and the others still compile.
 */
export function compileGraph(options: CompileGraphOptions): {
  graph: CompiledGraph;
  diagnostics: Diagnostics;
} {
  const diagnostics = new Diagnostics();
  const compileOne = nodeCompiler(options);
  const nodes = new Map<string, CompiledNode>();
  for (const id of options.selected) {
    try {
      const compiled = compileOne(id);
      if (compiled) nodes.set(id, compiled);
    } catch (error) {
      if (error instanceof LdpError) diagnostics.error(error);
      else throw error;
    }
  }
  return { graph: { manifest: options.manifest, nodes }, diagnostics };
}

/**
 * Compiles one node at a time with a scope (ref index, ephemeral renders) shared by all calls:
 * undefined for a node that compiles to nothing (ephemeral models, sources…); an `LdpError`
 * is thrown for a node that fails. `compileGraph` and the worker threads of a large compile
 * both use it.
 */
export function nodeCompiler(
  options: Omit<CompileGraphOptions, 'selected'>,
): (id: string, port?: WarehousePort) => CompiledNode | undefined {
  const shared = new CompileScope(options.manifest, options.renderer, options.baseContext);
  const sharedCache = new Map<string, RenderedSql>();
  return (id, port) => {
    const node = options.manifest.nodes.get(id);
    if (!node || !(isCompilable(node) || node.resourceType === 'unit_test')) return undefined;
    const path = options.compiledPathOf(node);
    // dbt writes a Python model's code as its compiled code; ldp never runs it (see plan-run).
    if (node.resourceType === 'model' && node.language === 'python')
      return { uniqueId: id, sql: node.rawSql, ephemerals: [], compiledPath: path };
    // What a render reads from the warehouse belongs to that render: no shared ephemeral renders.
    const scope = port ? shared.withWarehouse(port) : shared;
    const ephemeralCache = port ? new Map<string, RenderedSql>() : sharedCache;
    try {
      return node.resourceType === 'unit_test'
        ? compileUnitTest(node, scope, path, options.fixtureFiles ?? new Map())
        : node.resourceType === 'test' && node.testType === 'generic'
          ? compileGenericTest(node, scope, options.renderer, path)
          : compileNode(node, scope, path, ephemeralCache);
    } catch (error) {
      if (!port && node.resourceType !== 'unit_test' && readsWarehouse(error))
        return renderedWhenRun(node, path);
      throw error;
    }
  };
}

/** The render asked the warehouse (`LDP230`): the node renders again when it runs. */
function readsWarehouse(error: unknown): boolean {
  return error instanceof LdpError && error.code === 'LDP230';
}

function renderedWhenRun(node: GraphNode, compiledPath: string): CompiledNode {
  const sql =
    '-- This node reads the warehouse while it renders (run_query, adapter.get_columns_in_relation, …):\n' +
    '-- its SQL is rendered when it runs, and written here then.\n';
  // An incremental model keeps both queries, so the planner still chooses between them.
  const incremental = node.resourceType === 'model' && node.config.materialized === 'incremental';
  return {
    uniqueId: node.uniqueId,
    sql,
    ...(incremental ? { incrementalSql: sql } : {}),
    ephemerals: [],
    compiledPath,
    readsWarehouse: true,
  };
}

function isCompilable(node: GraphNode): node is SqlNode {
  if (!('rawSql' in node)) return false;
  if (node.resourceType === 'model' && node.config.materialized === 'ephemeral') return false;
  return true;
}
