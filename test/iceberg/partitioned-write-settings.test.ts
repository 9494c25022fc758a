import { describe, expect, it } from 'vitest';
import { IcebergTable } from '../../src/iceberg/index.js';
import { newWarehouse } from './support.js';

describe('partitioned writes', () => {
  it('write every row to its day and leave the connection with its writer settings as before', async () => {
    const wh = await newWarehouse();
    const rows = `SELECT range AS id, TIMESTAMP '2024-01-01' + to_hours(range) AS seen_at FROM range(100)`;
    const table = await IcebergTable.create(
      wh.catalog,
      { namespace: ['w'], name: 'hours' },
      { conn: wh.conn, sql: rows, partitionBy: [{ column: 'seen_at', transform: 'day' }] },
    );
    await table.append(wh.conn, rows);
    const files = table.scan().files;
    expect(files).toHaveLength(5);
    for (const file of files) {
      const day = file.entry.dataFile.partition[1000] as number;
      const path = file.entry.dataFile.filePath.replace('file://', '');
      const [stats] = await wh.rows(
        `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE datediff('day', DATE '1970-01-01', seen_at) = ${day})::INTEGER AS inDay FROM '${path}'`,
      );
      expect(stats!['n']).toBe(stats!['inDay']);
    }
    const [sum] = await wh.rows(
      `SELECT sum(id)::INTEGER AS s, count(*)::INTEGER AS n FROM (${table.scan().sql})`,
    );
    expect(sum).toEqual({ s: 4950, n: 100 });
    const [setting] = await wh.rows(
      `SELECT current_setting('preserve_insertion_order') AS v, current_setting('partitioned_write_flush_threshold')::BIGINT AS flush`,
    );
    expect(setting!['v']).toBe(true);
    // The writer's hand-over size is ldp's for the COPY only: DuckDB's default is back.
    expect(Number(setting!['flush'])).toBe(524288);
  });
});
