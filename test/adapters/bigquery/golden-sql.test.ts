import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appendSql,
  createTableAsSql,
  createTableSql,
  createViewSql,
  insertOverwriteDynamicSql,
  insertOverwriteStaticSql,
  mergeSql,
  partitionFromFields,
  planSchemaChange,
  readBigQueryPartitionBy,
  readTableConfig,
  snapshotFirstBuildSql,
  snapshotMergeSql,
} from '../../../src/adapters/bigquery/index.js';
import type { SnapshotSettings } from '../../../src/model/snapshot-settings.js';
import { bigqueryDialect } from '../../../src/sql/index.js';

// Each statement is compared with a reviewed file of test/fixtures/bigquery-golden. The files
// were checked against GoogleSQL's documented grammar (CREATE TABLE, CREATE VIEW, MERGE,
// ALTER TABLE, procedural DECLARE/SET) and dbt-bigquery's statements for the same configs.
// LDP_UPDATE_GOLDEN=1 rewrites them; review the diff before committing.

const GOLDEN = join(import.meta.dirname, '../../fixtures/bigquery-golden');
const name = bigqueryDialect('my-gcp').relationName;
const orders = { schema: 'shop_gold', identifier: 'orders' };
const query = 'select order_id, customer_id, ordered_at, amount from `my-gcp`.`shop_silver`.`orders`';
const columns = ['order_id', 'customer_id', 'ordered_at', 'amount'];

function golden(file: string, sql: string): void {
  const path = join(GOLDEN, file);
  if (process.env['LDP_UPDATE_GOLDEN'] === '1') writeFileSync(path, `${sql}\n`);
  expect(existsSync(path), `${file} is missing: run with LDP_UPDATE_GOLDEN=1 and review it`).toBe(true);
  expect(`${sql}\n`).toBe(readFileSync(path, 'utf8'));
}

const partitionByDay = readBigQueryPartitionBy({
  field: 'ordered_at',
  data_type: 'timestamp',
  granularity: 'day',
});

describe('BigQuery materializations as SQL', () => {
  it('table: partitioned, clustered, labelled, with expiration, partition filter and KMS key', () => {
    const config = readTableConfig(
      {
        partitionBy: partitionByDay,
        cluster_by: ['customer_id', 'order_id'],
        labels: { team: 'finance', layer: 'gold' },
        partition_expiration_days: 90,
        require_partition_filter: true,
        kms_key_name: 'projects/my-gcp/locations/eu/keyRings/ldp/cryptoKeys/tables',
        description: "Orders, one row each (it's gold)",
      },
      orders,
    );
    golden('table-partitioned.sql', createTableAsSql(orders, query, config, name));
  });

  it('table: int64 range, month of a date, and a plain date partition', () => {
    const range = readBigQueryPartitionBy({
      field: 'customer_id',
      data_type: 'int64',
      range: { start: 0, end: 100000, interval: 1000 },
    });
    const month = readBigQueryPartitionBy({ field: 'order_date', granularity: 'month' });
    const day = readBigQueryPartitionBy({ field: 'order_date' });
    const sql = [range, month, day]
      .map((partitionBy) =>
        createTableAsSql(orders, 'select 1 as x', readTableConfig({ partitionBy }, orders), name),
      )
      .join(';\n\n');
    golden('table-partition-forms.sql', sql);
  });

  it('table_format iceberg: a BigQuery table for Apache Iceberg in its own folder', () => {
    const config = readTableConfig(
      {
        table_format: 'iceberg',
        storage_uri: 'gs://lake-bucket/ldp/',
        bigquery_connection: 'my-gcp.eu.lake',
        cluster_by: 'customer_id',
      },
      orders,
    );
    expect(config.iceberg?.storageUri).toBe('gs://lake-bucket/ldp/shop_gold/orders');
    golden('table-iceberg.sql', createTableAsSql(orders, query, config, name));
  });

  it('view, and an empty seed table', () => {
    golden(
      'view.sql',
      createViewSql(orders, query, { labels: { team: 'finance' }, description: 'Orders\nby day' }, name),
    );
    const seedConfig = readTableConfig({}, { schema: 'shop_bronze', identifier: 'payment_types' });
    golden(
      'seed-table.sql',
      createTableSql(
        { schema: 'shop_bronze', identifier: 'payment_types' },
        [
          { name: 'payment_type_id', type: 'INT64' },
          { name: 'description', type: 'STRING' },
        ],
        seedConfig,
        name,
      ),
    );
  });

  it('incremental: merge on a key, merge without one, and append', () => {
    const write = { relation: orders, sql: query, columns, name };
    golden(
      'incremental-merge.sql',
      mergeSql(write, { uniqueKey: ['order_id'], excludeColumns: ['customer_id'] }),
    );
    golden('incremental-merge-no-key.sql', mergeSql(write, { uniqueKey: [] }));
    golden('incremental-append.sql', appendSql(write));
  });

  it('incremental insert_overwrite: static partitions, and dynamic ones found by the query', () => {
    const write = { relation: orders, sql: query, columns, name };
    golden(
      'insert-overwrite-static.sql',
      insertOverwriteStaticSql(write, partitionByDay, ["timestamp('2024-01-01')", "timestamp('2024-01-02')"]),
    );
    golden('insert-overwrite-dynamic.sql', insertOverwriteDynamicSql(write, partitionByDay));
  });

  it('on_schema_change: append_new_columns and sync_all_columns', () => {
    const table = [
      { name: 'order_id', type: 'INT64' },
      { name: 'legacy_flag', type: 'BOOL' },
      { name: 'amount', type: 'NUMERIC' },
    ];
    const incoming = [
      { name: 'ORDER_ID', type: 'INT64' },
      { name: 'amount', type: 'BIGNUMERIC' },
      { name: 'currency', type: 'STRING' },
    ];
    const append = planSchemaChange('append_new_columns', orders, table, incoming, name);
    expect(append).toMatchObject({ kind: 'apply', columns: ['order_id', 'amount', 'currency'] });
    const sync = planSchemaChange('sync_all_columns', orders, table, incoming, name);
    expect(sync).toMatchObject({ kind: 'apply', columns: ['order_id', 'amount', 'currency'] });
    if (sync.kind !== 'apply') throw new Error('expected statements');
    golden('schema-change-sync.sql', sync.statements.join(';\n'));
    expect(planSchemaChange('fail', orders, table, incoming, name)).toEqual({
      kind: 'fail',
      added: ['currency'],
      removed: ['legacy_flag'],
      retyped: ['amount'],
    });
    expect(planSchemaChange('ignore', orders, table, incoming, name)).toEqual({
      kind: 'apply',
      statements: [],
      columns: ['order_id', 'amount'],
    });
  });

  it('snapshot: first build, and the merge of a check strategy with invalidated hard deletes', () => {
    const settings: SnapshotSettings = {
      strategy: { kind: 'check', checkCols: ['borough', 'zone'] },
      uniqueKey: ['location_id'],
      hardDeletes: 'invalidate',
      metaColumns: {
        scdId: 'dbt_scd_id',
        updatedAt: 'dbt_updated_at',
        validFrom: 'dbt_valid_from',
        validTo: 'dbt_valid_to',
        isDeleted: 'dbt_is_deleted',
      },
    };
    const input = {
      relation: { schema: 'taxi_silver', identifier: 'zone_history' },
      sql: 'select location_id, borough, zone from `my-gcp`.`taxi_silver`.`silver_zones`',
      settings,
      columns: ['location_id', 'borough', 'zone'],
      snapshotTime: 'current_timestamp()',
      name,
    };
    golden('snapshot-first-build.sql', snapshotFirstBuildSql(input));
    golden('snapshot-merge-check.sql', snapshotMergeSql(input));
  });
});

describe('BigQuery table config', () => {
  it("maps ldp's partition fields, given the column's type", () => {
    expect(partitionFromFields([{ field: 'pickup_at', transform: 'month' }], () => 'DATETIME')).toEqual({
      field: 'pickup_at',
      dataType: 'datetime',
      granularity: 'month',
    });
    expect(() => partitionFromFields([{ field: 'id', transform: 'bucket[4]' }], () => 'INT64')).toThrow(
      /no BigQuery equivalent/,
    );
    expect(() =>
      partitionFromFields(
        [
          { field: 'a', transform: 'day' },
          { field: 'b', transform: 'day' },
        ],
        () => 'DATE',
      ),
    ).toThrow(/one column, not 2/);
  });

  it('refuses what BigQuery would refuse, naming the key', () => {
    expect(() => readBigQueryPartitionBy({ field: 'd', data_type: 'date', granularity: 'hour' })).toThrow(
      /cannot be partitioned by hour/,
    );
    expect(() => readBigQueryPartitionBy({ field: 'n', data_type: 'int64' })).toThrow(
      /range: \{start, end, interval\}/,
    );
    expect(() => readTableConfig({ cluster_by: ['a', 'b', 'c', 'd', 'e'] }, orders)).toThrow(/at most 4/);
    expect(() => readTableConfig({ labels: { Team: 'x' } }, orders)).toThrow(/not a BigQuery label/);
    expect(() => readTableConfig({ partition_expiration_days: 3 }, orders)).toThrow(/needs partition_by/);
    expect(() => readTableConfig({ table_format: 'iceberg', bigquery_connection: 'c' }, orders)).toThrow(
      /storage_uri/,
    );
    expect(() => readTableConfig({ table_format: 'iceberg', storage_uri: 'gs://b' }, orders)).toThrow(
      /connection/,
    );
  });
});
