import { z } from 'zod';
import { LdpError } from '../../errors/index.js';
import type {
  AddedSpec,
  RefUpdate,
  Schema,
  Snapshot,
  TableChange,
  TableRequirement,
  TableUpdate,
} from '../../iceberg/index.js';

/**
 * The request bodies of the REST spec, checked with zod and turned into ldp's types. Nested
 * Iceberg structures (schemas, specs, summaries) are kept as sent beyond the keys ldp reads.
 */

/** Snapshot ids arrive as JS numbers or, above 2^53, as bigint (see json-body.ts). */
const snapshotId = z.union([z.bigint(), z.number().int()]).transform((value) => BigInt(value));
const properties = z.record(z.string(), z.string());
const namespace = z.array(z.string().min(1)).min(1);

const schema = z.looseObject({
  type: z.literal('struct'),
  fields: z.array(
    z.looseObject({ id: z.number().int().positive(), name: z.string(), required: z.boolean() }),
  ),
  'schema-id': z.number().int().optional(),
});
const spec = z.looseObject({
  'spec-id': z.number().int().optional(),
  fields: z.array(
    z.looseObject({
      'source-id': z.number().int(),
      'field-id': z.number().int().optional(),
      name: z.string(),
      transform: z.string(),
    }),
  ),
});
const sortOrder = z.looseObject({ 'order-id': z.number().int().optional(), fields: z.array(z.unknown()) });
const snapshot = z.looseObject({
  'snapshot-id': snapshotId,
  'parent-snapshot-id': snapshotId.optional(),
  'sequence-number': z.number().int().optional(),
  'timestamp-ms': z.number().int(),
  'manifest-list': z.string(),
  summary: z.looseObject({ operation: z.string() }),
  'schema-id': z.number().int().optional(),
});

const update = z.discriminatedUnion('action', [
  z.object({ action: z.literal('assign-uuid'), uuid: z.string() }),
  z.object({ action: z.literal('upgrade-format-version'), 'format-version': z.number().int() }),
  z.object({ action: z.literal('add-schema'), schema, 'last-column-id': z.number().int().optional() }),
  z.object({ action: z.literal('set-current-schema'), 'schema-id': z.number().int() }),
  z.object({ action: z.literal('add-spec'), spec }),
  z.object({ action: z.literal('set-default-spec'), 'spec-id': z.number().int() }),
  z.object({ action: z.literal('add-sort-order'), 'sort-order': sortOrder }),
  z.object({ action: z.literal('set-default-sort-order'), 'sort-order-id': z.number().int() }),
  z.object({ action: z.literal('add-snapshot'), snapshot }),
  z.looseObject({
    action: z.literal('set-snapshot-ref'),
    'ref-name': z.string().min(1),
    type: z.enum(['branch', 'tag']),
    'snapshot-id': snapshotId,
  }),
  z.object({ action: z.literal('remove-snapshots'), 'snapshot-ids': z.array(snapshotId) }),
  z.object({ action: z.literal('remove-snapshot-ref'), 'ref-name': z.string() }),
  z.object({ action: z.literal('set-location'), location: z.string().min(1) }),
  z.object({ action: z.literal('set-properties'), updates: properties }),
  z.object({ action: z.literal('remove-properties'), removals: z.array(z.string()) }),
]);

const requirement = z.discriminatedUnion('type', [
  z.object({ type: z.literal('assert-create') }),
  z.object({ type: z.literal('assert-table-uuid'), uuid: z.string() }),
  z.object({
    type: z.literal('assert-ref-snapshot-id'),
    ref: z.string(),
    'snapshot-id': snapshotId.nullable().optional(),
  }),
  z.object({ type: z.literal('assert-last-assigned-field-id'), 'last-assigned-field-id': z.number().int() }),
  z.object({ type: z.literal('assert-current-schema-id'), 'current-schema-id': z.number().int() }),
  z.object({
    type: z.literal('assert-last-assigned-partition-id'),
    'last-assigned-partition-id': z.number().int(),
  }),
  z.object({ type: z.literal('assert-default-spec-id'), 'default-spec-id': z.number().int() }),
  z.object({ type: z.literal('assert-default-sort-order-id'), 'default-sort-order-id': z.number().int() }),
]);

const commitTable = z.object({
  identifier: z.object({ namespace, name: z.string() }).optional(),
  requirements: z.array(requirement),
  updates: z.array(update),
});

const createTable = z.object({
  name: z.string().min(1),
  location: z.string().optional(),
  schema,
  'partition-spec': spec.optional(),
  'write-order': sortOrder.optional(),
  'stage-create': z.boolean().optional(),
  properties: properties.optional(),
});

const registerTable = z.object({
  name: z.string().min(1),
  'metadata-location': z.string().min(1),
  overwrite: z.boolean().optional(),
});

const createNamespace = z.object({ namespace, properties: properties.optional() });
const updateNamespaceProperties = z.object({
  removals: z.array(z.string()).optional(),
  updates: properties.optional(),
});
const tableIdentifier = z.object({ namespace, name: z.string().min(1) });
const renameTable = z.object({ source: tableIdentifier, destination: tableIdentifier });

function parseWith<T extends z.ZodType>(type: T, what: string, value: unknown): z.output<T> {
  const result = type.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new LdpError({
    code: 'LDP803',
    message: `malformed ${what}${where}: ${issue.message}`,
    hint: 'Send the body the Iceberg REST catalog specification defines for this route.',
  });
}

export interface CreateTableRequest {
  readonly name: string;
  readonly stageCreate: boolean;
  /** The create as metadata updates (add-schema, add-spec, add-sort-order, set-location, …). */
  readonly updates: readonly TableUpdate[];
}

export const WireRequests = {
  commitTable(value: unknown): TableChange {
    const body = parseWith(commitTable, 'CommitTableRequest', value);
    return { requirements: body.requirements.map(toRequirement), updates: body.updates.map(toUpdate) };
  },
  createTable(value: unknown): CreateTableRequest {
    const body = parseWith(createTable, 'CreateTableRequest', value);
    const updates: TableUpdate[] = [
      { action: 'add-schema', schema: body.schema as unknown as Schema },
      { action: 'set-current-schema', schemaId: -1 },
      { action: 'add-spec', spec: (body['partition-spec'] ?? { fields: [] }) as AddedSpec },
      { action: 'set-default-spec', specId: -1 },
      {
        action: 'add-sort-order',
        sortOrder: { 'order-id': 0, ...body['write-order'], fields: body['write-order']?.fields ?? [] },
      },
      { action: 'set-default-sort-order', sortOrderId: -1 },
      ...(body.location !== undefined ? [{ action: 'set-location' as const, location: body.location }] : []),
      { action: 'set-properties', updates: body.properties ?? {} },
    ];
    return { name: body.name, stageCreate: body['stage-create'] ?? false, updates };
  },
  registerTable: (value: unknown) => parseWith(registerTable, 'RegisterTableRequest', value),
  createNamespace: (value: unknown) => parseWith(createNamespace, 'CreateNamespaceRequest', value),
  updateNamespaceProperties: (value: unknown) =>
    parseWith(updateNamespaceProperties, 'UpdateNamespacePropertiesRequest', value),
  renameTable: (value: unknown) => parseWith(renameTable, 'RenameTableRequest', value),
};

function toRequirement(value: z.output<typeof requirement>): TableRequirement {
  switch (value.type) {
    case 'assert-create':
      return value;
    case 'assert-table-uuid':
      return value;
    case 'assert-ref-snapshot-id':
      return {
        type: value.type,
        ref: value.ref,
        ...(value['snapshot-id'] != null ? { snapshotId: value['snapshot-id'] } : {}),
      };
    case 'assert-last-assigned-field-id':
      return { type: value.type, lastAssignedFieldId: value['last-assigned-field-id'] };
    case 'assert-current-schema-id':
      return { type: value.type, currentSchemaId: value['current-schema-id'] };
    case 'assert-last-assigned-partition-id':
      return { type: value.type, lastAssignedPartitionId: value['last-assigned-partition-id'] };
    case 'assert-default-spec-id':
      return { type: value.type, defaultSpecId: value['default-spec-id'] };
    case 'assert-default-sort-order-id':
      return { type: value.type, defaultSortOrderId: value['default-sort-order-id'] };
  }
}

function toUpdate(value: z.output<typeof update>): TableUpdate {
  switch (value.action) {
    case 'assign-uuid':
      return value;
    case 'upgrade-format-version':
      return { action: value.action, formatVersion: value['format-version'] };
    case 'add-schema':
      return { action: value.action, schema: value.schema as unknown as Schema };
    case 'set-current-schema':
      return { action: value.action, schemaId: value['schema-id'] };
    case 'add-spec':
      return { action: value.action, spec: value.spec as AddedSpec };
    case 'set-default-spec':
      return { action: value.action, specId: value['spec-id'] };
    case 'add-sort-order':
      return {
        action: value.action,
        sortOrder: { ...value['sort-order'], 'order-id': value['sort-order']['order-id'] ?? 0 },
      };
    case 'set-default-sort-order':
      return { action: value.action, sortOrderId: value['sort-order-id'] };
    case 'add-snapshot':
      return {
        action: value.action,
        snapshot: {
          ...value.snapshot,
          'sequence-number': value.snapshot['sequence-number'] ?? 0,
        } as Snapshot,
      };
    case 'set-snapshot-ref': {
      const { action, 'ref-name': refName, ...ref } = value;
      return { action, refName, ref: ref as unknown as RefUpdate };
    }
    case 'remove-snapshots':
      return { action: value.action, snapshotIds: value['snapshot-ids'] };
    case 'remove-snapshot-ref':
      return { action: value.action, refName: value['ref-name'] };
    case 'set-location':
      return value;
    case 'set-properties':
      return value;
    case 'remove-properties':
      return value;
  }
}
