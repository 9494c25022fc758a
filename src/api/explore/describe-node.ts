import { LATEST_VERSION, type SqliteCatalog } from '../../catalog/index.js';
import type { DocsTestResult } from '../../docs/index.js';
import { duckTypeOf } from '../../iceberg/index.js';
import type { GraphNode, ResourceType } from '../../model/node.js';
import { lastTestResult } from '../inspect/docs-facts.js';
import { historyOf, type SnapshotEntry } from '../inspect/snapshot-history.js';
import type { ProjectOptions } from '../session/options.js';
import { type ParsedProject, parse } from '../session/parse.js';
import type { StoredNode } from '../session/resolve-node.js';
import { findStoredRelation, openCatalogIfBuilt, tableLabel } from '../warehouse/stored-relation.js';
import { displayName, findNode } from './find-node.js';

export interface DescribeNodeOptions extends ProjectOptions {
  /** A unique id, a node name, or a source as `source_name.table`. */
  readonly node: string;
}

export interface DescribedColumn {
  readonly name: string;
  /** DuckDB type, from the warehouse (or the recorded lineage); absent when never built. */
  readonly type?: string;
  readonly description?: string;
  /** Unique ids of the data tests on this column. */
  readonly tests?: readonly string[];
}

export interface DescribedTest {
  readonly uniqueId: string;
  readonly name: string;
  readonly column?: string;
  /** The latest run in which the test ran. */
  readonly lastResult?: DocsTestResult;
}

/** Where the node's data is: an Iceberg table with its history, a view, or not built yet. */
export type DescribedStorage =
  | { readonly kind: 'table'; readonly table: string; readonly snapshots: readonly SnapshotEntry[] }
  | { readonly kind: 'view'; readonly view: string }
  | { readonly kind: 'not built'; readonly relation: string }
  | { readonly kind: 'none' };

export interface NodeDescription {
  readonly uniqueId: string;
  readonly name: string;
  readonly resourceType: ResourceType;
  readonly path: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly layer?: string;
  readonly config?: unknown;
  readonly dependsOn: readonly string[];
  readonly usedBy: readonly string[];
  readonly columns: readonly DescribedColumn[];
  readonly tests: readonly DescribedTest[];
  readonly storage: DescribedStorage;
}

/**
 * Everything known about one node: its config and docs from the project; its columns with
 * types, its tests' last results and its Iceberg snapshots from the catalog (read-only, no lock).
 */
export async function describeNode(options: DescribeNodeOptions): Promise<NodeDescription> {
  const parsed = await parse(options);
  const node = findNode(parsed, options.node);
  const catalog = openCatalogIfBuilt(parsed.project.target);
  try {
    const ldpTables = catalog?.schemaVersion === LATEST_VERSION ? catalog : undefined;
    const tests = testsOf(parsed, node, ldpTables);
    const { storage, columns } = storedFacts(node, catalog);
    return {
      uniqueId: node.uniqueId,
      name: displayName(node),
      resourceType: node.resourceType,
      path: node.originalFilePath,
      description: node.description,
      tags: node.tags,
      ...('layer' in node && node.layer ? { layer: node.layer } : {}),
      ...('config' in node ? { config: node.config } : {}),
      dependsOn: parsed.manifest.parentMap.get(node.uniqueId) ?? [],
      usedBy: parsed.manifest.childMap.get(node.uniqueId) ?? [],
      columns: describeColumns(node, columns ?? recordedColumns(ldpTables, node.uniqueId), tests),
      tests,
      storage,
    };
  } finally {
    catalog?.close();
  }
}

type TypedColumn = { readonly name: string; readonly type?: string };

function storedFacts(
  node: GraphNode,
  catalog: SqliteCatalog | undefined,
): { storage: DescribedStorage; columns?: TypedColumn[] } {
  if (!isStored(node)) return { storage: { kind: 'none' } };
  const found = findStoredRelation(catalog, node);
  switch (found.kind) {
    case 'table':
      return {
        storage: { kind: 'table', table: tableLabel(found.id), snapshots: historyOf(found.table, catalog!) },
        columns: found.table.schema.fields.map((f) => ({ name: f.name, type: duckTypeOf(f.type) })),
      };
    case 'view':
      return { storage: { kind: 'view', view: tableLabel(found.id) }, columns: [...found.view.columns] };
    case 'missing':
      return { storage: { kind: 'not built', relation: tableLabel(found.id) } };
  }
}

function isStored(node: GraphNode): node is StoredNode {
  if (node.resourceType === 'model') return node.config.materialized !== 'ephemeral';
  return node.resourceType === 'seed' || node.resourceType === 'snapshot';
}

/** Columns the last runs recorded for a node without a relation of its own (a source, an ephemeral model). */
function recordedColumns(catalog: SqliteCatalog | undefined, uniqueId: string): TypedColumn[] {
  if (!catalog) return [];
  return catalog
    .readLineage()
    .columns.filter((c) => c.uniqueId === uniqueId)
    .sort((a, b) => a.ordinal - b.ordinal)
    .map((c) => ({ name: c.name, ...(c.dataType ? { type: c.dataType } : {}) }));
}

/** The warehouse's columns in their order, then those only the YAML documents; docs and tests joined by name. */
function describeColumns(
  node: GraphNode,
  typed: readonly TypedColumn[],
  tests: readonly DescribedTest[],
): DescribedColumn[] {
  const documented = 'columns' in node ? Object.values(node.columns) : [];
  const names = [...typed.map((c) => c.name)];
  for (const column of documented)
    if (!names.some((n) => n.toLowerCase() === column.name.toLowerCase())) names.push(column.name);
  return names.map((name) => {
    const key = name.toLowerCase();
    const type = typed.find((c) => c.name.toLowerCase() === key)?.type;
    const docs = documented.find((c) => c.name.toLowerCase() === key);
    const columnTests = tests.filter((t) => t.column?.toLowerCase() === key).map((t) => t.uniqueId);
    return {
      name,
      ...(type ? { type } : {}),
      ...(docs?.description ? { description: docs.description } : {}),
      ...(columnTests.length > 0 ? { tests: columnTests } : {}),
    };
  });
}

/** The data tests that read the node, with their last results when the catalog has them. */
function testsOf(
  parsed: ParsedProject,
  node: GraphNode,
  catalog: SqliteCatalog | undefined,
): DescribedTest[] {
  const tests: DescribedTest[] = [];
  for (const childId of parsed.manifest.childMap.get(node.uniqueId) ?? []) {
    const child = parsed.manifest.nodes.get(childId);
    if (child?.resourceType !== 'test') continue;
    const lastResult = catalog ? lastTestResult(catalog, childId) : undefined;
    tests.push({
      uniqueId: childId,
      name: child.name,
      ...(child.attachedNode === node.uniqueId && child.columnName ? { column: child.columnName } : {}),
      ...(lastResult ? { lastResult } : {}),
    });
  }
  return tests.sort((a, b) => (a.uniqueId < b.uniqueId ? -1 : 1));
}
