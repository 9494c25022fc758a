import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { build, type ExecuteOptions, type ExecuteResult, run, seed, test } from '../../src/api/index.js';
import { openCatalog } from '../../src/catalog/index.js';
import { openTable } from '../../src/iceberg/index.js';
import { CollectingReporter } from '../../src/model/reporter.js';
import { isolated } from './temp-project.js';

const COMMANDS = { run, seed, test, build };

/** Runs a warehouse command of the library on a temp project, isolated from the machine's profiles. */
export async function execute(
  command: keyof typeof COMMANDS,
  root: string,
  extra: Partial<ExecuteOptions> = {},
): Promise<ExecuteResult & { reporter: CollectingReporter }> {
  const reporter = new CollectingReporter();
  const result = await COMMANDS[command]({ ...isolated(root), reporter, ...extra } as ExecuteOptions);
  return { ...result, reporter };
}

/** A node's name from its unique id (`source.p.raw.t` → `raw.t`; a test's hash suffix is dropped). */
export function nodeName(uniqueId: string): string {
  const parts = uniqueId.split('.');
  return parts[0] === 'test' ? parts[2]! : parts.slice(2).join('.');
}

/** The status of each node in a result, by node name. */
export function statuses(result: ExecuteResult): Record<string, string> {
  return Object.fromEntries(result.results.map((r) => [nodeName(r.uniqueId), r.status]));
}

function catalogOf(root: string) {
  return openCatalog({ warehousePath: join(root, 'warehouse'), readOnly: true });
}

/** Rows of a warehouse table's current snapshot (or `snapshotId`), read by DuckDB straight from the Iceberg files. */
export async function tableRows(
  root: string,
  table: string,
  options: { orderBy?: string; snapshotId?: bigint; columns?: string } = {},
): Promise<Record<string, unknown>[]> {
  const [namespace, name] = table.split('.') as [string, string];
  const catalog = catalogOf(root);
  try {
    const iceberg = openTable(catalog, { namespace: [namespace], name });
    if (!iceberg) throw new Error(`no table ${table} in the warehouse`);
    const scan = iceberg.scan(options.snapshotId === undefined ? {} : { snapshotId: options.snapshotId });
    const instance = await DuckDBInstance.create(':memory:');
    try {
      const conn = await instance.connect();
      await conn.run("SET TimeZone = 'UTC'");
      const order = options.orderBy ? ` ORDER BY ${options.orderBy}` : '';
      const reader = await conn.runAndReadAll(`SELECT ${options.columns ?? '*'} FROM (${scan.sql})${order}`);
      return reader.getRowObjectsJson() as Record<string, unknown>[];
    } finally {
      instance.closeSync();
    }
  } finally {
    catalog.close();
  }
}

/** A table's snapshots, oldest first, with their summaries. */
export function snapshotsOf(root: string, table: string) {
  const [namespace, name] = table.split('.') as [string, string];
  const catalog = catalogOf(root);
  try {
    return openTable(catalog, { namespace: [namespace], name })?.snapshots() ?? [];
  } finally {
    catalog.close();
  }
}

/** Whether the catalog has a table (views excluded) of that name. */
export function hasTable(root: string, table: string): boolean {
  const [namespace, name] = table.split('.') as [string, string];
  const catalog = catalogOf(root);
  try {
    return catalog.tableExists({ namespace: [namespace], name });
  } finally {
    catalog.close();
  }
}
