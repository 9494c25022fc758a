import { relationOf } from '../../adapters/duckdb/lakehouse-session.js';
import type { SqliteCatalog } from '../../catalog/index.js';
import type { Manifest } from '../../model/manifest.js';
import type { ModelNode, SourceNode } from '../../model/node.js';
import { relationName } from '../../sql/index.js';
import { compileInlineNode } from '../compile/compile-inline.js';
import { InspectErrors } from '../errors/inspect-errors.js';
import type { ParsedProject } from '../session/parse.js';
import { buildCommandFor, nodeLabel, type StoredNode } from '../session/resolve-node.js';
import { sourcesRead } from '../warehouse/source-attachment.js';
import { findStoredRelation } from '../warehouse/stored-relation.js';
import { chooseTableSnapshot, type SnapshotChoice } from './snapshot-choice.js';

/** What `ldp show` runs: a query, and what must be queryable in the session before it runs. */
export interface ShowQuery {
  /** `model x`, `inline query`: how messages name what is shown. */
  readonly label: string;
  readonly sql: string;
  /**
   * Views, ephemeral models and inline SQL read other relations by name: the session attaches
   * the warehouse (every table and view) and these sources. A table is read from its files.
   */
  readonly needsWarehouse: boolean;
  readonly sources: readonly SourceNode[];
  /** The snapshot read, for tables. */
  readonly snapshotId?: bigint;
}

/** What to show: a model (seed, snapshot) at a snapshot, or ad-hoc SQL. */
export type ShowTarget =
  | { readonly kind: 'node'; readonly node: StoredNode; readonly snapshot: SnapshotChoice }
  | { readonly kind: 'inline'; readonly sql: string };

/** Builds the query for `target`; a node never built, or time travel on a view, is a clear error. */
export function showQueryFor(
  parsed: ParsedProject,
  catalog: SqliteCatalog | undefined,
  target: ShowTarget,
): ShowQuery {
  if (target.kind === 'inline') {
    const compiled = compileInlineNode(parsed, target.sql);
    return readingQuery('inline query', compiled.sql, compiled.manifest, compiled.uniqueId, catalog);
  }
  const { node, snapshot } = target;
  if (node.resourceType === 'model' && node.config.materialized === 'ephemeral') {
    if (snapshot.kind !== 'current') throw InspectErrors.noHistory(nodeLabel(node), 'an ephemeral model');
    // An ephemeral model is only ever inlined: show it as a query that refs it.
    const compiled = compileInlineNode(
      parsed,
      // JSON string literals are Jinja string literals too, whatever quotes the name holds.
      `select * from {{ ref(${JSON.stringify(node.packageName)}, ${JSON.stringify(node.name)}) }}`,
    );
    return readingQuery(nodeLabel(node), compiled.sql, compiled.manifest, compiled.uniqueId, catalog);
  }
  return storedQuery(parsed, catalog, node, snapshot);
}

/** A table is read from the files of the chosen snapshot; a view by name in a session. */
function storedQuery(
  parsed: ParsedProject,
  catalog: SqliteCatalog | undefined,
  node: StoredNode,
  snapshot: SnapshotChoice,
): ShowQuery {
  const found = findStoredRelation(catalog, node);
  switch (found.kind) {
    case 'missing':
      throw InspectErrors.notBuilt(nodeLabel(node), buildCommandFor(node));
    case 'view': {
      if (snapshot.kind !== 'current') throw InspectErrors.noHistory(nodeLabel(node), 'a view');
      const sql = `SELECT * FROM ${relationName(relationOf(found.id))}`;
      return readingQuery(nodeLabel(node), sql, parsed.manifest, node.uniqueId, catalog);
    }
    case 'table': {
      const snapshotId = chooseTableSnapshot(found.table, snapshot, node)?.['snapshot-id'];
      return {
        label: nodeLabel(node),
        sql: found.table.scan(snapshotId === undefined ? {} : { snapshotId }).sql,
        needsWarehouse: false,
        sources: [],
        ...(snapshotId === undefined ? {} : { snapshotId }),
      };
    }
  }
}

/** A query that reads relations by name: every stored relation it reads must exist. */
function readingQuery(
  label: string,
  sql: string,
  manifest: Manifest,
  uniqueId: string,
  catalog: SqliteCatalog | undefined,
): ShowQuery {
  for (const parent of storedParents(manifest, uniqueId)) {
    if (findStoredRelation(catalog, parent).kind === 'missing')
      throw InspectErrors.notBuilt(nodeLabel(parent), buildCommandFor(parent));
  }
  return { label, sql, needsWarehouse: true, sources: sourcesRead(manifest, [uniqueId], recreatedInSession) };
}

/** Views and ephemeral models hold no data: a session rebuilds them from their inputs. */
function recreatedInSession(model: ModelNode): boolean {
  return model.config.materialized === 'view' || model.config.materialized === 'ephemeral';
}

/** The models, seeds and snapshots `uniqueId` reads from the warehouse (through ephemeral models). */
function storedParents(manifest: Manifest, uniqueId: string): StoredNode[] {
  const found = new Map<string, StoredNode>();
  const visit = (id: string) => {
    for (const parentId of manifest.parentMap.get(id) ?? []) {
      const parent = manifest.nodes.get(parentId);
      if (!parent || found.has(parentId)) continue;
      if (parent.resourceType === 'model' && parent.config.materialized === 'ephemeral') visit(parentId);
      else if (
        parent.resourceType === 'model' ||
        parent.resourceType === 'seed' ||
        parent.resourceType === 'snapshot'
      )
        found.set(parentId, parent);
    }
  };
  visit(uniqueId);
  return [...found.values()];
}
