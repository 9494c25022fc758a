/**
 * The BigQuery fake in its own process, so a benchmarked `ldp` (a blocking child of the bench)
 * reads from a server that keeps answering. Prints one JSON line `{url, key}` once a table
 * `bench.raw.orders` of `BENCH_ROWS` rows exists, then serves until killed. The table's rows are
 * encoded as REST JSON before the line is printed, so serving a page costs the fake a slice of a
 * buffer, not the encoding of its rows: the bench measures ldp, not the fake.
 */
import { startBigQueryFake } from '../../test/support/bigquery-fake/server.js';

const rows = Number(process.env['BENCH_ROWS'] ?? 1_000_000);
const fake = await startBigQueryFake();
await fake.addDataset('bench', 'raw', 'US');
await fake.addTable(
  {
    project: 'bench',
    dataset: 'raw',
    table: 'orders',
    schema: {
      fields: [
        { name: 'id', type: 'INTEGER' },
        { name: 'customer', type: 'STRING' },
        { name: 'amount', type: 'NUMERIC' },
        { name: 'paid', type: 'BOOLEAN' },
        { name: 'placed_at', type: 'TIMESTAMP' },
      ],
    },
  },
  `SELECT range, 'customer-' || (range % 5000), (range % 100000) / 100.0, range % 3 = 0,
     TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(range) FROM range(${rows})`,
);
await fake.store.preEncode('bench', 'raw', 'orders');
const key = fake.addServiceAccount('bench@bench.iam.gserviceaccount.com', ['bench']);
process.stdout.write(`${JSON.stringify({ url: fake.url, key })}\n`);
