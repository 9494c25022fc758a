import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { CollectingReporter, type ReportEvent } from '../../../src/api/index.js';
import { execute } from '../../support/lakehouse.js';
import { isolated, tempProject } from '../../support/temp-project.js';

export const ORDER_COUNT = 3000;

/** `id,customer,amount`: deterministic orders, enough rows to span real Parquet pages. */
function ordersCsv(): string {
  const lines = ['id,customer,amount'];
  for (let id = 1; id <= ORDER_COUNT; id++) lines.push(`${id},c${id % 17},${((id * 37) % 1000) / 10}`);
  return `${lines.join('\n')}\n`;
}

/**
 * A shop with a source (CSV), a table model scaled by `var('factor')`, views over the table
 * and over the source, an ephemeral model, and a model that is never built.
 */
export function shopProject(extraProjectYaml = ''): string {
  return tempProject({
    'ldp_project.yml': `name: shop\nmodels:\n  shop:\n    +materialized: table\n${extraProjectYaml}`,
    'data/orders.csv': ordersCsv(),
    'models/sources.yml': [
      'version: 2',
      'sources:',
      '  - name: raw',
      '    tables:',
      '      - name: orders',
      '        location: data/orders.csv',
      '        format: csv',
      '        options:',
      '          header: true',
    ].join('\n'),
    'models/bronze/orders.sql':
      "select id, customer, amount * {{ var('factor', 1) }} as amount from {{ source('raw', 'orders') }}",
    'models/silver/order_totals.sql':
      "{{ config(materialized='view') }}select count(*) as n, sum(amount) as total from {{ ref('orders') }}",
    'models/silver/first_orders.sql':
      "{{ config(materialized='view') }}select * from {{ source('raw', 'orders') }} where id <= 5",
    'models/silver/big_orders.sql':
      "{{ config(materialized='ephemeral') }}select * from {{ ref('orders') }} where amount >= 90",
    'models/gold/never_built.sql': "select * from {{ ref('orders') }}",
  });
}

/** Builds everything but `never_built`, with `factor` scaling the amounts. */
export async function runShop(root: string, factor = 1): Promise<string> {
  const result = await execute('run', root, { exclude: ['never_built'], vars: `{factor: ${factor}}` });
  if (result.failed) throw new Error(`run failed: ${JSON.stringify(result.results.map((r) => r.message))}`);
  return result.runId;
}

/** Library options for a command on the project, with a reporter to inspect. */
export function options(root: string) {
  const reporter = new CollectingReporter();
  return { ...isolated(root), reporter };
}

/** The events of one kind a command reported. */
export function eventsOf<K extends ReportEvent['kind']>(
  reporter: CollectingReporter,
  kind: K,
): Extract<ReportEvent, { kind: K }>[] {
  return reporter.events.filter((e): e is Extract<ReportEvent, { kind: K }> => e.kind === kind);
}

/** Runs SQL in a fresh DuckDB of its own (the expected values, computed independently of ldp). */
export async function duck(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  try {
    const conn = await instance.connect();
    return (await conn.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    instance.closeSync();
  }
}

/** The source file, for expected values. */
export function ordersPath(root: string): string {
  return join(root, 'data', 'orders.csv');
}
