import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { LdpError } from '../errors/index.js';
import type { TableIdentifier } from '../model/iceberg-catalog-port.js';
import { buildPartitionSpec, type PartitionBy } from './partition/partition-spec.js';
import { toUri } from './paths.js';
import { schemaFromDuckDb } from './schema-mapping.js';
import { makeTableFolder } from './table-files.js';
import type { TableMetadata } from './types.js';

/**
 * The first metadata of a table (format v2, no snapshot) at `<warehouse>/<namespace…>/<name>`,
 * whose `metadata/` folder is created here. Types Iceberg cannot hold and partitions that do
 * not fit their column are errors before anything is written.
 */
export function newTableMetadata(
  warehousePath: string,
  id: TableIdentifier,
  columns: readonly { readonly name: string; readonly type: string }[],
  options: {
    readonly partitionBy?: readonly PartitionBy[];
    readonly properties?: Readonly<Record<string, string>>;
  },
  timestamp: number,
): TableMetadata {
  const { schema, lastColumnId } = schemaFromDuckDb(columns, 0);
  const spec = buildPartitionSpec(schema, options.partitionBy ?? []);
  const location = join(warehousePath, ...id.namespace, id.name);
  makeTableFolder(join(location, 'metadata'));
  return {
    'format-version': 2,
    'table-uuid': randomUUID(),
    location: toUri(location),
    'last-sequence-number': 0,
    'last-updated-ms': timestamp,
    'last-column-id': lastColumnId,
    schemas: [schema],
    'current-schema-id': 0,
    'partition-specs': [spec],
    'default-spec-id': 0,
    'last-partition-id': spec.fields.length > 0 ? Math.max(...spec.fields.map((f) => f['field-id'])) : 999,
    properties: { 'write.format.default': 'parquet', ...(options.properties ?? {}) },
    snapshots: [],
    'snapshot-log': [],
    'metadata-log': [],
    'sort-orders': [{ 'order-id': 0, fields: [] }],
    'default-sort-order-id': 0,
    refs: {},
  };
}

/** The query a table's columns come from, when no column list is given. */
export function requireSql(sql: string | undefined): string {
  if (sql !== undefined) return sql;
  throw new LdpError({
    code: 'LDP514',
    message: 'a new table needs its columns: pass a query (sql) or a column list (columns)',
  });
}
