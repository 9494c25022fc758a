import type { LineageEdge, LineageNode } from '../../catalog/index.js';
import { assertNever } from '../../errors/index.js';
import type { Manifest } from '../../model/manifest.js';
import type { GraphNode, Relation, ResourceType } from '../../model/node.js';
import { relationKey, type WarehouseState } from '../../model/warehouse-state.js';

/** The node types lineage records; analyses and unit tests build nothing and are left out. */
export const LINEAGE_RESOURCE_TYPES: readonly ResourceType[] = [
  'source',
  'seed',
  'model',
  'snapshot',
  'test',
  'exposure',
];

/** A manifest node lineage records. */
export type LineageGraphNode = Exclude<GraphNode, { resourceType: 'analysis' | 'unit_test' }>;

export function isLineageNode(node: GraphNode | undefined): node is LineageGraphNode {
  return node !== undefined && LINEAGE_RESOURCE_TYPES.includes(node.resourceType);
}

/** The relation a node's data lives in: none for tests, exposures and ephemeral models. */
export function storedRelation(node: LineageGraphNode): Relation | undefined {
  switch (node.resourceType) {
    case 'model':
      return node.config.materialized === 'ephemeral' ? undefined : node.relation;
    case 'seed':
    case 'snapshot':
    case 'source':
      return node.relation;
    case 'test':
    case 'exposure':
      return undefined;
    default:
      return assertNever(node, 'lineage node');
  }
}

/** `silver` or `analytics.silver`: the catalog namespace of a relation. */
export function relationNamespace(relation: Relation): string {
  return relation.database ? `${relation.database}.${relation.schema}` : relation.schema;
}

/** The key compiled SQL and the warehouse state know a relation by (`silver.trips`, lower case). */
export function relationKeyOf(relation: Relation): string {
  return relationKey(relationNamespace(relation), relation.identifier);
}

/**
 * A node's row in `ldp_lineage_nodes`: where its data lives, its layer and materialization, and
 * the Iceberg snapshot its table is at after the run (tables only; views have none).
 */
export function lineageNodeOf(node: LineageGraphNode, warehouse: WarehouseState): LineageNode {
  const relation = storedRelation(node);
  const stored = relation ? warehouse.relations.get(relationKeyOf(relation)) : undefined;
  const layer = 'layer' in node ? node.layer : undefined;
  const materialization = materializationOf(node);
  const meta = metaOf(node);
  return {
    uniqueId: node.uniqueId,
    resourceType: node.resourceType,
    name: node.name,
    ...(relation ? { namespace: relationNamespace(relation), tableName: relation.identifier } : {}),
    ...(layer ? { layer } : {}),
    filePath: node.originalFilePath,
    ...(node.description ? { description: node.description } : {}),
    ...(materialization ? { materialization } : {}),
    ...(stored?.snapshotId ? { snapshotId: stored.snapshotId } : {}),
    ...(Object.keys(meta).length > 0 ? { meta } : {}),
  };
}

/** Table-level edges into `ids` from the manifest's parent map, for parents lineage records. */
export function lineageEdgesInto(manifest: Manifest, ids: Iterable<string>): LineageEdge[] {
  const edges: LineageEdge[] = [];
  for (const childId of ids) {
    for (const parentId of manifest.parentMap.get(childId) ?? []) {
      if (isLineageNode(manifest.nodes.get(parentId))) edges.push({ parentId, childId });
    }
  }
  return edges;
}

function materializationOf(node: LineageGraphNode): string | undefined {
  switch (node.resourceType) {
    case 'model':
      return node.config.materialized;
    case 'seed':
    case 'snapshot':
    case 'test':
      return node.resourceType;
    case 'source':
    case 'exposure':
      return undefined;
    default:
      return assertNever(node, 'lineage node');
  }
}

/** Tags, meta and, for exposures, what they are and who owns them. */
function metaOf(node: LineageGraphNode): Record<string, unknown> {
  return {
    ...(node.tags.length > 0 ? { tags: node.tags } : {}),
    ...(Object.keys(node.meta).length > 0 ? { meta: node.meta } : {}),
    ...(node.resourceType === 'exposure'
      ? {
          exposureType: node.exposureType,
          owner: node.owner,
          ...(node.maturity ? { maturity: node.maturity } : {}),
          ...(node.url ? { url: node.url } : {}),
        }
      : {}),
  };
}
