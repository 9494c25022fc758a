import type { TableMetadata } from '../types.js';

/**
 * What a commit asserts about the table it builds on (the Iceberg REST spec's
 * `TableRequirement`): a commit whose requirements fail on the current metadata is refused, and
 * one that lost a race is re-applied only while they still hold.
 */
export type TableRequirement =
  | { readonly type: 'assert-create' }
  | { readonly type: 'assert-table-uuid'; readonly uuid: string }
  /** `snapshotId` undefined: the ref must not exist. */
  | { readonly type: 'assert-ref-snapshot-id'; readonly ref: string; readonly snapshotId?: bigint }
  | { readonly type: 'assert-last-assigned-field-id'; readonly lastAssignedFieldId: number }
  | { readonly type: 'assert-current-schema-id'; readonly currentSchemaId: number }
  | { readonly type: 'assert-last-assigned-partition-id'; readonly lastAssignedPartitionId: number }
  | { readonly type: 'assert-default-spec-id'; readonly defaultSpecId: number }
  | { readonly type: 'assert-default-sort-order-id'; readonly defaultSortOrderId: number };

/**
 * The first requirement that `metadata` (undefined: the table does not exist) breaks, as a
 * sentence, or undefined when all hold.
 */
export function failedRequirement(
  metadata: TableMetadata | undefined,
  requirements: readonly TableRequirement[],
): string | undefined {
  for (const requirement of requirements) {
    const reason = check(metadata, requirement);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

function check(metadata: TableMetadata | undefined, requirement: TableRequirement): string | undefined {
  if (requirement.type === 'assert-create')
    return metadata === undefined ? undefined : 'the table already exists';
  if (metadata === undefined) return 'the table does not exist';
  switch (requirement.type) {
    case 'assert-table-uuid':
      return differs('table uuid', metadata['table-uuid'], requirement.uuid);
    case 'assert-ref-snapshot-id': {
      const actual = metadata.refs[requirement.ref]?.['snapshot-id'];
      if (actual === requirement.snapshotId) return undefined;
      if (requirement.snapshotId === undefined)
        return `branch or tag ${requirement.ref} was created concurrently`;
      return `branch or tag ${requirement.ref} is at ${actual ?? 'no snapshot'}, expected ${requirement.snapshotId}`;
    }
    case 'assert-last-assigned-field-id':
      return differs('last assigned field id', metadata['last-column-id'], requirement.lastAssignedFieldId);
    case 'assert-current-schema-id':
      return differs('current schema id', metadata['current-schema-id'], requirement.currentSchemaId);
    case 'assert-last-assigned-partition-id':
      return differs(
        'last assigned partition id',
        metadata['last-partition-id'],
        requirement.lastAssignedPartitionId,
      );
    case 'assert-default-spec-id':
      return differs('default partition spec id', metadata['default-spec-id'], requirement.defaultSpecId);
    case 'assert-default-sort-order-id':
      return differs(
        'default sort order id',
        metadata['default-sort-order-id'],
        requirement.defaultSortOrderId,
      );
  }
}

function differs<T>(what: string, actual: T, expected: T): string | undefined {
  return actual === expected ? undefined : `${what} is ${actual}, expected ${expected}`;
}
