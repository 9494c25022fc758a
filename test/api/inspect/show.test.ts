import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { LdpError, show } from '../../../src/api/index.js';
import { duck, eventsOf, ORDER_COUNT, options, ordersPath, runShop, shopProject } from './fixture.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LdpError);
  return (error as LdpError).code;
}

describe('ldp show', () => {
  let root: string;
  let expected: Map<string, number>;

  beforeAll(async () => {
    root = shopProject();
    await runShop(root);
    const rows = await duck(`select id::varchar as id, amount from read_csv('${ordersPath(root)}')`);
    expected = new Map(rows.map((r) => [String(r['id']), Number(r['amount'])]));
  });

  it('shows the first 10 rows of a table model, each one a row of the source', async () => {
    const opts = options(root);
    const result = await show({ ...opts, select: ['orders'] });
    expect(result.label).toBe('model orders');
    expect(result.columns).toEqual(['id', 'customer', 'amount']);
    expect(result.rows).toHaveLength(10);
    for (const [id, , amount] of result.rows) expect(expected.get(String(id))).toBe(Number(amount));
    const [table] = eventsOf(opts.reporter, 'table');
    expect(table?.rows).toEqual(result.rows);
    expect(result.snapshotId).toMatch(/^\d+$/);
  });

  it('shows a view over a table and a view over a source', async () => {
    const totals = await show({ ...options(root), select: ['order_totals'] });
    const [sums] = await duck(
      `select count(*)::varchar as n, sum(amount) as total from read_csv('${ordersPath(root)}')`,
    );
    expect(totals.rows).toHaveLength(1);
    expect(totals.rows[0]![0]).toBe(sums!['n']);
    expect(Number(totals.rows[0]![1])).toBeCloseTo(Number(sums!['total']), 6);
    const first = await show({ ...options(root), select: ['first_orders'], limit: 100 });
    expect(first.rows.map((r) => Number(r[0])).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
  });

  it('shows an ephemeral model and inline SQL that reads refs and sources', async () => {
    const big = await show({
      ...options(root),
      select: ['big_orders'],
      limit: 0,
      output: 'json',
      outputFile: join(root, 'big.json'),
    });
    const [bigCount] = await duck(
      `select count(*)::integer as n from read_csv('${ordersPath(root)}') where amount >= 90`,
    );
    expect(big.rowCount).toBe(bigCount!['n']);
    const inline = await show({
      ...options(root),
      inline:
        "select o.customer, count(*) as n from {{ ref('orders') }} o join {{ source('raw', 'orders') }} s using (id) group by 1 order by 1",
      limit: 100,
    });
    const grouped = await duck(
      `select customer, count(*)::varchar as n from read_csv('${ordersPath(root)}') group by 1 order by 1`,
    );
    expect(inline.label).toBe('inline query');
    expect(inline.rows).toEqual(grouped.map((r) => [r['customer'], r['n']]));
  });

  it('writes every row as csv and json with DuckDB, to a file or a stream', async () => {
    const csvFile = join(root, 'orders.csv.out');
    const toFile = await show({
      ...options(root),
      select: ['orders'],
      limit: 0,
      output: 'csv',
      outputFile: csvFile,
    });
    expect(toFile.rowCount).toBe(ORDER_COUNT);
    const [diff] = await duck(
      `select count(*)::integer as n from (select id, customer, amount from read_csv('${csvFile}') except select id, customer, amount from read_csv('${ordersPath(root)}'))`,
    );
    expect(diff!['n']).toBe(0);
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    await show({ ...options(root), select: ['orders'], limit: 0, output: 'csv', stream });
    expect(Buffer.concat(chunks).toString('utf8').trim().split('\n')).toHaveLength(ORDER_COUNT + 1);
    const opts = options(root);
    await show({ ...opts, select: ['orders'], limit: 3, output: 'json' });
    const [printed] = eventsOf(opts.reporter, 'output');
    const rows = JSON.parse(printed!.text) as { id: number; amount: number }[];
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(expected.get(String(row.id))).toBe(row.amount);
    expect(readFileSync(csvFile, 'utf8').split('\n')[0]).toBe('id,customer,amount');
  });

  it('runs inline SQL over sources before anything was built', async () => {
    const fresh = shopProject();
    const result = await show({
      ...options(fresh),
      inline: "select count(*) as n from {{ source('raw', 'orders') }}",
    });
    expect(result.rows).toEqual([[String(ORDER_COUNT)]]);
  });

  it('tells how to build a model that was never built, also when inline SQL reads it', async () => {
    const error = await show({ ...options(root), select: ['never_built'] }).catch((e: LdpError) => e);
    expect(error).toMatchObject({ code: 'LDP422', hint: 'Build it first: ldp run -s never_built' });
    const inline = show({ ...options(root), inline: "select * from {{ ref('never_built') }}" });
    expect(await codeOf(inline)).toBe('LDP422');
  });

  it('rejects unknown and ambiguous models, bad SQL and conflicting flags with codes and hints', async () => {
    const typo = await show({ ...options(root), select: ['ordrs'] }).catch((e: LdpError) => e);
    expect(typo).toMatchObject({ code: 'LDP420', hint: "Did you mean 'orders'?" });
    expect(await codeOf(show({ ...options(root), select: ['orders order_totals'] }))).toBe('LDP421');
    expect(await codeOf(show({ ...options(root), inline: 'select nope from range(3)' }))).toBe('LDP425');
    expect(await codeOf(show({ ...options(root), select: ['order_totals'], snapshotId: '1' }))).toBe(
      'LDP427',
    );
    expect(await codeOf(show({ ...options(root), select: ['orders'], limit: -1 }))).toBe('LDP426');
    expect(await codeOf(show({ ...options(root), select: ['orders'], limit: 0 }))).toBe('LDP426');
    expect(await codeOf(show({ ...options(root), select: ['orders'], limit: 0, output: 'csv' }))).toBe(
      'LDP426',
    );
    expect(await codeOf(show({ ...options(root), select: ['orders'], inline: 'select 1' }))).toBe('LDP426');
    expect(await codeOf(show({ ...options(root), select: ['orders'], snapshotId: 'abc' }))).toBe('LDP423');
    expect(await codeOf(show({ ...options(root), select: ['orders'], asOf: 'yesterday-ish' }))).toBe(
      'LDP424',
    );
  });
});
