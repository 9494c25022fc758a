import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../src/catalog/index.js';
import type { LdpError } from '../../src/errors/index.js';
import {
  fromUri,
  IcebergTable,
  locationMap,
  planRelocation,
  reachableFiles,
  relocateTable,
  warehouseRootOf,
} from '../../src/iceberg/index.js';
import { deleteTableFiles } from '../../src/iceberg/warehouse-bounds.js';
import { PYICEBERG_WAREHOUSE, type PyicebergExpected } from '../support/pyiceberg-fixture.js';
import { SHARED_FIXTURES } from '../support/shared-fixtures.js';
import { newWarehouse } from './support.js';

const FIXTURE = join(SHARED_FIXTURES, 'pyiceberg-warehouse');

describe('relocating tables written by pyiceberg (snapshot ids above 2^53, foreign manifests)', () => {
  it('rewrites every snapshot under the copy, so each reads the copied files with the same rows', async () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'ldp-relocate-')), 'warehouse');
    cpSync(FIXTURE, copy, { recursive: true });
    const expected = JSON.parse(readFileSync(`${FIXTURE}.expected.json`, 'utf8')) as Record<
      string,
      PyicebergExpected
    >;
    const catalog = openCatalog({
      path: join(copy, 'catalog.db'),
      warehousePath: copy,
      catalogName: 'default',
    });
    const conn = await (await DuckDBInstance.create(':memory:')).connect();
    try {
      const map = locationMap(PYICEBERG_WAREHOUSE, copy);
      for (const row of catalog.listAllTables()) {
        expect(warehouseRootOf(row.identifier, row.metadataLocation)).toBe(PYICEBERG_WAREHOUSE);
        relocateTable(catalog, planRelocation(row.identifier, row.metadataLocation, map), map, Date.now());
      }
      for (const [name, want] of Object.entries(expected)) {
        const [namespace, table] = name.split('.') as [string, string];
        const iceberg = IcebergTable.load(catalog, { namespace: [namespace], name: table })!;
        expect(fromUri(iceberg.metadataLocation).startsWith(copy)).toBe(true);
        expect(iceberg.snapshots().map((s) => s['snapshot-id'].toString())).toEqual(
          want.snapshots.map((s) => s.snapshot_id),
        );
        for (const snapshot of want.snapshots) {
          const plan = iceberg.scan({ snapshotId: BigInt(snapshot.snapshot_id) });
          for (const file of [
            ...reachableFiles([plan.snapshot!]),
            ...plan.files.map((f) => f.entry.dataFile.filePath),
          ])
            expect(fromUri(file).startsWith(copy)).toBe(true);
          const [counted] = (
            await conn.runAndReadAll(
              `SELECT count(*) AS n, coalesce(sum(trip_id), 0) AS s FROM (${plan.sql})`,
            )
          ).getRowObjectsJson();
          expect([Number(counted!['n']), Number(counted!['s'])]).toEqual([
            snapshot.rows,
            snapshot.sum_trip_id,
          ]);
        }
      }
    } finally {
      conn.closeSync();
      catalog.close();
    }
  });

  it('refuses (LDP562) when the copy lacks a data file a kept snapshot reads, before writing anything', () => {
    const copy = join(mkdtempSync(join(tmpdir(), 'ldp-relocate-')), 'warehouse');
    cpSync(FIXTURE, copy, { recursive: true });
    const dataDir = join(copy, 'bronze', 'trips_history', 'data');
    const [lost] = readdirSync(dataDir);
    rmSync(join(dataDir, lost!));
    const before = readdirSync(join(copy, 'bronze', 'trips_history', 'metadata')).sort();
    const catalog = openCatalog({
      path: join(copy, 'catalog.db'),
      warehousePath: copy,
      catalogName: 'default',
    });
    try {
      const id = { namespace: ['bronze'], name: 'trips_history' };
      const location = catalog.currentMetadataLocation(id)!;
      const error = (() => {
        try {
          planRelocation(id, location, locationMap(PYICEBERG_WAREHOUSE, copy));
        } catch (e) {
          return e as LdpError;
        }
      })();
      expect(error).toMatchObject({ code: 'LDP562' });
      expect(error?.message).toContain(join(dataDir, lost!));
      expect(catalog.currentMetadataLocation(id)).toBe(location);
      expect(readdirSync(join(copy, 'bronze', 'trips_history', 'metadata')).sort()).toEqual(before);
    } finally {
      catalog.close();
    }
  });
});

describe('deleting a table’s files', () => {
  it('refuses (LDP561) a path outside the table folder and then deletes nothing at all', async () => {
    const wh = await newWarehouse();
    const id = { namespace: ['bronze'], name: 'orders' };
    const table = await IcebergTable.create(wh.catalog, id, { conn: wh.conn, sql: 'SELECT 1 AS id' });
    await table.append(wh.conn, 'SELECT 2 AS id');
    const own = fromUri(table.currentSnapshot!['manifest-list']);
    const foreign = join(wh.dir, 'catalog.db');
    const error = (() => {
      try {
        deleteTableFiles(wh.catalog, id, table.metadata, [own, foreign]);
      } catch (e) {
        return e as LdpError;
      }
    })();
    expect(error).toMatchObject({ code: 'LDP561' });
    expect(existsSync(own)).toBe(true);
    expect(existsSync(foreign)).toBe(true);
  });
});
