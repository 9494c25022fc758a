import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { openCatalog } from '../src/catalog/index.js';
import { fromUri, IcebergTable } from '../src/iceberg/index.js';
import type { BenchLine } from './support/measure.js';

/**
 * A day-partitioned Iceberg write (ldp's files: zstd, one folder per day) against the reference
 * "one default Parquet file by hand" (snappy, unpartitioned), plus the same day-partitioned
 * files written by hand, which splits the cost into DuckDB's partitioned writer and ldp's own
 * work. Runs alternate; the best run of each is compared.
 */
export async function partitionedWriteRatio(
  conn: DuckDBConnection,
  catalog: ReturnType<typeof openCatalog>,
  dir: string,
  query: string,
  rows: number,
): Promise<BenchLine[]> {
  const runs = rows >= 10_000_000 ? 3 : 5;
  const times = { plain: [] as number[], layout: [] as number[], iceberg: [] as number[] };
  const day = `datediff('day', DATE '1970-01-01', pickup_at)`;
  for (let i = 0; i < runs; i++) {
    const plainFile = join(dir, `by-hand-${i}.parquet`);
    const layoutDir = join(dir, `by-hand-days-${i}`);
    const table = await IcebergTable.create(
      catalog,
      { namespace: ['bench'], name: `taxi_days_${rows}_${i}` },
      {
        conn,
        sql: `SELECT * FROM (${query}) LIMIT 0`,
        partitionBy: [{ column: 'pickup_at', transform: 'day' }],
      },
    );
    const writes: Record<keyof typeof times, () => Promise<unknown>> = {
      plain: () => conn.run(`COPY (${query}) TO '${plainFile}' (FORMAT parquet)`),
      layout: () =>
        conn.run(
          `COPY (SELECT *, ${day} AS __p FROM (${query})) TO '${layoutDir}' (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (__p))`,
        ),
      iceberg: () => table.append(conn, query),
    };
    const order = (['plain', 'layout', 'iceberg'] as const).map((_, j, all) => all[(i + j) % all.length]!);
    for (const name of order) {
      const start = performance.now();
      await writes[name]();
      times[name].push(performance.now() - start);
    }
    rmSync(plainFile, { force: true });
    rmSync(layoutDir, { recursive: true, force: true });
    rmSync(fromUri(table.metadata.location), { recursive: true, force: true });
  }
  const best = (values: number[]) => Math.min(...values);
  const label = `day-partitioned write ${rows / 1_000_000}M rows`;
  return [
    {
      name: `${label}: one default Parquet file by hand (best of ${runs})`,
      value: best(times.plain),
      unit: 'ms',
    },
    {
      name: `${label}: the same day files by hand (zstd, PARTITION_BY)`,
      value: best(times.layout),
      unit: 'ms',
    },
    { name: `${label}: ldp Iceberg append, day partitions`, value: best(times.iceberg), unit: 'ms' },
    {
      name: `${label}: ratio by-hand day files / one file (DuckDB's share)`,
      value: best(times.layout) / best(times.plain),
      unit: 'x',
    },
    {
      name: `${label}: ratio ldp / one default file by hand`,
      value: best(times.iceberg) / best(times.plain),
      unit: 'x',
      goal: '≤ 1.25',
    },
  ];
}
