import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { tempProject } from '../support/temp-project.js';

const HOOK = resolve(import.meta.dirname, '..', 'support', 'report-native-loads.cjs');
const withHook = { NODE_OPTIONS: `--require ${HOOK}` };
const nativeLoads = (stderr: string) => stderr.split('\n').filter((line) => line.startsWith('DLOPEN '));

/** Loading DuckDB costs more than compiling a model: the edit loop must not pay for it. */
describe('ldp compile without introspection', () => {
  it('loads no native addon (DuckDB, SQLite), while ldp run does', { timeout: 180_000 }, () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/orders.sql': 'select 1 as id',
      'models/totals.sql': "select count(*) as n from {{ ref('orders') }}",
    });
    const first = runCli(['compile'], root, withHook);
    expect(first.code).toBe(0);
    expect(nativeLoads(first.stderr)).toEqual([]);
    const again = runCli(['compile', '--defer', '--state', 'target'], root, withHook);
    expect(again.code).toBe(0);
    expect(nativeLoads(again.stderr)).toEqual([]);
    const run = runCli(['run'], root, withHook);
    expect(run.code).toBe(0);
    expect(nativeLoads(run.stderr).length).toBeGreaterThan(0);
  });
});
