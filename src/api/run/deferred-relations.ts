import { hasRelation, inDatabase } from '../../adapters/duckdb/attached-databases.js';
import { type LakehouseSession, tableIdOf } from '../../adapters/duckdb/lakehouse-session.js';
import type { PreviousManifest } from '../../artifacts/compare-state.js';
import { LdpError } from '../../errors/index.js';
import { openTable } from '../../iceberg/index.js';
import type { WarehouseCatalogPort } from '../../model/iceberg-catalog-port.js';
import type { GraphNode, Relation } from '../../model/node.js';
import { displayRelation } from '../../sql/index.js';
import type { ParsedProject } from '../session/parse.js';
import { foreignCatalogOpener } from '../warehouse/lakehouse.js';

/** A parent the command does not build, read from the relation the state manifest records. */
export interface DeferredRelation {
  readonly uniqueId: string;
  /** The name the compiled SQL reads (this project's relation). */
  readonly relation: Relation;
  /** Where the state's run put it: `database.schema.alias` of its manifest. */
  readonly stateRelation: Required<Relation>;
}

/**
 * dbt's `--defer`: the parents of the planned steps (or the nodes `ldp compile` renders) that are not selected, and not built in this
 * warehouse (or every one, with `--favor-state`), resolve to the relation the state manifest
 * records for them. Parents read through ephemeral models count; a parent the state does not
 * know stays as it is (its step fails as without `--defer`).
 */
export function deferredRelations(
  parsed: ParsedProject,
  planned: ReadonlySet<string>,
  state: PreviousManifest,
  catalog: WarehouseCatalogPort,
  favorState: boolean,
): DeferredRelation[] {
  const found = new Map<string, DeferredRelation>();
  const seen = new Set<string>();
  const visit = (id: string) => {
    for (const parentId of parsed.manifest.parentMap.get(id) ?? []) {
      if (seen.has(parentId) || planned.has(parentId)) continue;
      seen.add(parentId);
      const parent = parsed.manifest.nodes.get(parentId);
      if (!parent || !isRelationNode(parent)) continue;
      if (parent.resourceType === 'model' && parent.config.materialized === 'ephemeral') {
        visit(parentId);
        continue;
      }
      const id = tableIdOf(parent.relation);
      const built = catalog.currentMetadataLocation(id) !== undefined || catalog.loadView(id) !== undefined;
      const recorded = stateRelationOf(state, parentId);
      if (recorded && (favorState || !built))
        found.set(parentId, { uniqueId: parentId, relation: parent.relation, stateRelation: recorded });
    }
  };
  planned.forEach(visit);
  return [...found.values()];
}

/**
 * Makes each deferred relation readable under this project's name in the session: through an
 * `attach:` database of the state's name (dbt-duckdb's way: the production file attached), or
 * from the Iceberg catalog the state's ldp run recorded. Anything else is `LDP168`.
 */
export async function attachDeferred(
  session: LakehouseSession,
  parsed: ParsedProject,
  state: { readonly manifest: PreviousManifest; readonly dir: string },
  deferred: readonly DeferredRelation[],
): Promise<void> {
  if (deferred.length === 0) return;
  const attachments = parsed.project.target.attachments ?? [];
  const metadata = state.manifest.metadata ?? {};
  const catalogPath =
    typeof metadata['ldp_catalog_path'] === 'string' ? metadata['ldp_catalog_path'] : undefined;
  const catalogName =
    typeof metadata['ldp_catalog_name'] === 'string' ? metadata['ldp_catalog_name'] : undefined;
  const open = foreignCatalogOpener(parsed.project.target.warehousePath);
  await session.pool.withConnection(async (conn) => {
    for (const item of deferred) {
      const { stateRelation } = item;
      const attached = attachments.find(
        (a) => a.alias.toLowerCase() === stateRelation.database.toLowerCase(),
      );
      if (attached) {
        if (!(await hasRelation(conn, attached.alias, stateRelation)))
          throw unreadable(
            item,
            state.dir,
            `the attached database '${attached.alias}' has no ${stateRelation.schema}.${stateRelation.identifier}`,
          );
        await session.createView(
          conn,
          item.relation,
          `SELECT * FROM ${inDatabase(attached.alias, stateRelation)}`,
        );
        continue;
      }
      if (!catalogPath)
        throw unreadable(
          item,
          state.dir,
          `no database named '${stateRelation.database}' is attached, and the state was not written by an ldp run with a catalog`,
        );
      let catalog: ReturnType<typeof open>;
      try {
        catalog = open(catalogPath, catalogName);
      } catch (error) {
        throw unreadable(
          item,
          state.dir,
          `its catalog ${catalogPath} cannot be opened (${error instanceof Error ? error.message : String(error)})`,
        );
      }
      const ids = [
        { namespace: [stateRelation.schema], name: stateRelation.identifier },
        { namespace: [stateRelation.database, stateRelation.schema], name: stateRelation.identifier },
      ];
      const table = ids.map((id) => openTable(catalog, id)).find((t) => t !== undefined);
      if (!table)
        throw unreadable(
          item,
          state.dir,
          ids.some((id) => (catalog as Partial<WarehouseCatalogPort>).loadView?.(id))
            ? "it is a view model there, whose SQL names that warehouse's relations; build it in this warehouse, or attach the state's DuckDB file (path:) under its database name"
            : `the catalog ${catalogPath} has no table ${stateRelation.schema}.${stateRelation.identifier}`,
        );
      await session.createView(conn, item.relation, table.scan().sql);
    }
  });
}

type RelationNode = Extract<GraphNode, { readonly relation: Relation }>;

function isRelationNode(node: GraphNode): node is RelationNode {
  return node.resourceType === 'model' || node.resourceType === 'seed' || node.resourceType === 'snapshot';
}

function stateRelationOf(state: PreviousManifest, uniqueId: string): Required<Relation> | undefined {
  const node = state.nodes?.[uniqueId];
  if (!node) return undefined;
  const schema = node['schema'];
  const identifier = node['alias'] ?? node['identifier'] ?? node['name'];
  if (typeof schema !== 'string' || typeof identifier !== 'string') return undefined;
  const database = typeof node['database'] === 'string' ? node['database'] : '';
  return { database, schema, identifier };
}

function unreadable(item: DeferredRelation, stateDir: string, why: string): LdpError {
  return new LdpError({
    code: 'LDP168',
    message: `--defer: cannot read ${displayRelation(item.stateRelation)} (${item.uniqueId}, from ${stateDir}/manifest.json): ${why}`,
    hint: `Build it here (select it), or make the state's relations readable: attach the state's DuckDB file with alias '${item.stateRelation.database}', or defer to a target of this machine that ldp built.`,
  });
}
