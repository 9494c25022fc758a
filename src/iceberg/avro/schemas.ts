import { LdpError } from '../../errors/index.js';
import { partitionResultType } from '../partition/partition-transforms.js';
import type { IcebergType, PartitionSpec, Schema } from '../types.js';

const optional = (name: string, id: number, type: unknown) => ({
  name,
  'field-id': id,
  type: ['null', type],
  default: null,
});
const intLongMap = (name: string, id: number, keyId: number, valueId: number, valueType: 'long' | 'bytes') =>
  optional(name, id, {
    type: 'array',
    logicalType: 'map',
    items: {
      type: 'record',
      name: `k${keyId}_v${valueId}`,
      fields: [
        { name: 'key', type: 'int', 'field-id': keyId },
        { name: 'value', type: valueType, 'field-id': valueId },
      ],
    },
  });

/** The manifest list record (Iceberg v2), with field ids and names as Java and pyiceberg write them. */
export const MANIFEST_FILE_SCHEMA = {
  type: 'record',
  name: 'manifest_file',
  fields: [
    { name: 'manifest_path', 'field-id': 500, type: 'string' },
    { name: 'manifest_length', 'field-id': 501, type: 'long' },
    { name: 'partition_spec_id', 'field-id': 502, type: 'int' },
    { name: 'content', 'field-id': 517, type: 'int' },
    { name: 'sequence_number', 'field-id': 515, type: 'long' },
    { name: 'min_sequence_number', 'field-id': 516, type: 'long' },
    { name: 'added_snapshot_id', 'field-id': 503, type: 'long' },
    { name: 'added_files_count', 'field-id': 504, type: 'int' },
    { name: 'existing_files_count', 'field-id': 505, type: 'int' },
    { name: 'deleted_files_count', 'field-id': 506, type: 'int' },
    { name: 'added_rows_count', 'field-id': 512, type: 'long' },
    { name: 'existing_rows_count', 'field-id': 513, type: 'long' },
    { name: 'deleted_rows_count', 'field-id': 514, type: 'long' },
    optional('partitions', 507, {
      type: 'array',
      'element-id': 508,
      items: {
        type: 'record',
        name: 'r508',
        fields: [
          { name: 'contains_null', 'field-id': 509, type: 'boolean' },
          optional('contains_nan', 518, 'boolean'),
          optional('lower_bound', 510, 'bytes'),
          optional('upper_bound', 511, 'bytes'),
        ],
      },
    }),
    optional('key_metadata', 519, 'bytes'),
  ],
};

/** The manifest entry record (Iceberg v2) for a table's schema and partition spec. */
export function manifestEntrySchema(spec: PartitionSpec, schema: Schema): object {
  return {
    type: 'record',
    name: 'manifest_entry',
    fields: [
      { name: 'status', 'field-id': 0, type: 'int' },
      optional('snapshot_id', 1, 'long'),
      optional('sequence_number', 3, 'long'),
      optional('file_sequence_number', 4, 'long'),
      {
        name: 'data_file',
        'field-id': 2,
        type: {
          type: 'record',
          name: 'r2',
          fields: [
            { name: 'content', 'field-id': 134, type: 'int' },
            { name: 'file_path', 'field-id': 100, type: 'string' },
            { name: 'file_format', 'field-id': 101, type: 'string' },
            { name: 'partition', 'field-id': 102, type: partitionRecord(spec, schema) },
            { name: 'record_count', 'field-id': 103, type: 'long' },
            { name: 'file_size_in_bytes', 'field-id': 104, type: 'long' },
            intLongMap('column_sizes', 108, 117, 118, 'long'),
            intLongMap('value_counts', 109, 119, 120, 'long'),
            intLongMap('null_value_counts', 110, 121, 122, 'long'),
            intLongMap('nan_value_counts', 137, 138, 139, 'long'),
            intLongMap('lower_bounds', 125, 126, 127, 'bytes'),
            intLongMap('upper_bounds', 128, 129, 130, 'bytes'),
            optional('key_metadata', 131, 'bytes'),
            optional('split_offsets', 132, { type: 'array', 'element-id': 133, items: 'long' }),
            optional('equality_ids', 135, { type: 'array', 'element-id': 136, items: 'int' }),
            optional('sort_order_id', 140, 'int'),
          ],
        },
      },
    ],
  };
}

function partitionRecord(spec: PartitionSpec, schema: Schema): object {
  return {
    type: 'record',
    name: 'r102',
    fields: spec.fields.map((field) => {
      const source = schema.fields.find((f) => f.id === field['source-id']);
      if (!source)
        throw new LdpError({
          code: 'LDP510',
          message: `partition field '${field.name}' has no source column ${field['source-id']}`,
        });
      return optional(
        field.name,
        field['field-id'],
        avroPrimitive(partitionResultType(field.transform, source.type)),
      );
    }),
  };
}

/** Avro representation of an Iceberg primitive (partition values only need primitives). */
export function avroPrimitive(type: IcebergType): unknown {
  switch (type) {
    case 'boolean':
    case 'int':
    case 'long':
    case 'float':
    case 'double':
    case 'string':
      return type;
    case 'date':
      return { type: 'int', logicalType: 'date' };
    case 'time':
      return { type: 'long', logicalType: 'time-micros' };
    case 'timestamp':
      return { type: 'long', logicalType: 'timestamp-micros', 'adjust-to-utc': false };
    case 'timestamptz':
      return { type: 'long', logicalType: 'timestamp-micros', 'adjust-to-utc': true };
    case 'binary':
      return 'bytes';
    default:
      throw new LdpError({
        code: 'LDP511',
        message: `cannot partition by a column of type ${typeof type === 'string' ? type : type.type}`,
        hint: 'Partition by a string, integer, boolean, date or timestamp column, or a transform of one.',
      });
  }
}
