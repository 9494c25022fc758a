import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../src/catalog/index.js';
import { IcebergTable } from '../../src/iceberg/index.js';
import { pyicebergWarehouse } from '../support/pyiceberg-fixture.js';

describe('tables written by pyiceberg', () => {
  const { path: INTEROP, expected } = pyicebergWarehouse();

  for (const [name, want] of Object.entries(expected)) {
    it(`reads ${name}: current snapshot and every historical snapshot`, async () => {
      const catalog = openCatalog({
        path: `${INTEROP}/catalog.db`,
        warehousePath: INTEROP,
        catalogName: 'default',
        readOnly: true,
      });
      const [namespace, table] = name.split('.') as [string, string];
      const iceberg = IcebergTable.load(catalog, { namespace: [namespace], name: table })!;
      const conn = await (await DuckDBInstance.create(':memory:')).connect();
      const read = async (sql: string) =>
        (
          await conn.runAndReadAll(`SELECT count(*) AS n, coalesce(sum(trip_id), 0) AS s, sum(fare)::VARCHAR AS fare,
          count(*) FILTER (WHERE vendor IS NULL) AS nv, count(*) FILTER (WHERE distance IS NULL) AS nd FROM (${sql})`)
        ).getRowObjectsJson()[0]!;
      const current = await read(iceberg.scan().sql);
      expect(Number(current['n'])).toBe(want.current_rows);
      expect(Number(current['s'])).toBe(want.sum_trip_id);
      expect(current['fare']).toBe(want.sum_fare);
      expect(Number(current['nv'])).toBe(want.null_vendor_rows);
      expect(Number(current['nd'])).toBe(want.null_distance_rows);
      expect(iceberg.snapshots().map((s) => s['snapshot-id'].toString())).toEqual(
        want.snapshots.map((s) => s.snapshot_id),
      );
      for (const snapshot of want.snapshots) {
        const past = await read(iceberg.scan({ snapshotId: BigInt(snapshot.snapshot_id) }).sql);
        expect([Number(past['n']), Number(past['s'])]).toEqual([snapshot.rows, snapshot.sum_trip_id]);
        const meta = iceberg.snapshots().find((s) => s['snapshot-id'].toString() === snapshot.snapshot_id)!;
        expect(meta.summary.operation).toBe(snapshot.operation);
      }
      catalog.close();
    });
  }
});
