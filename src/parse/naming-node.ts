import type { ResourceType } from '../model/node.js';

/**
 * What dbt passes as `node` to `generate_schema_name`, `generate_alias_name` and
 * `generate_database_name`: the node being parsed, before it has a relation. Real projects
 * branch on `node.resource_type` (seeds to one schema, models to another) and `node.fqn`.
 */
export interface NamingNode {
  readonly name: string;
  readonly resourceType: Extract<ResourceType, 'model' | 'seed' | 'snapshot'>;
  readonly uniqueId: string;
  readonly packageName: string;
  readonly path: string;
  readonly originalFilePath: string;
  readonly fqn: readonly string[];
  readonly tags: readonly string[];
  readonly config: object;
  readonly layer?: string;
  readonly version?: string;
}

/** The table name ldp gives a node without an alias: `orders_v2` for version 2 of `orders`. */
export function defaultAlias(node: Pick<NamingNode, 'name' | 'version'>): string {
  return node.version === undefined ? node.name : `${node.name}_v${node.version}`;
}
