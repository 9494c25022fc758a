import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../src/catalog/index.js';
import { snapshotsOf, tableRows } from '../support/lakehouse.js';
import { killStartedClis, runCli, startCli } from '../support/run-cli.js';
import { tempProject } from '../support/temp-project.js';

/** One table whose build takes as long as `work` says: `sum(range(work))` runs inside the query. */
function slowProject(): string {
  return tempProject({
    'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
    'models/silver/counter.sql':
      "select {{ var('v', 1) }} as v, (select sum(range) from range({{ var('work', 10) }})) as s",
  });
}

const SLOW = '{v: 2, work: 200000000000}';

function runStatus(root: string, command = 'run'): string[] {
  const catalog = openCatalog({ warehousePath: join(root, 'warehouse'), readOnly: true });
  try {
    return catalog
      .listRuns()
      .filter((r) => r.command === command)
      .map((r) => r.status)
      .reverse();
  } finally {
    catalog.close();
  }
}

describe('ldp run as a process', () => {
  afterEach(killStartedClis);

  it('leaves every table at its last snapshot when killed with SIGKILL, and the next run goes on', async () => {
    const root = slowProject();
    expect(runCli(['run'], root).code).toBe(0);
    const killed = startCli(['run', '--vars', SLOW], root);
    await killed.printed('START sql table model silver.counter');
    killed.child.kill('SIGKILL');
    expect((await killed.done).signal).toBe('SIGKILL');
    expect(await tableRows(root, 'silver.counter', { columns: 'v' })).toEqual([{ v: 1 }]);
    expect(snapshotsOf(root, 'silver.counter')).toHaveLength(1);
    // The dead process still holds the lock row; the next run sees its pid is gone and takes over.
    const rerun = runCli(['run', '--vars', '{v: 3}'], root);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(await tableRows(root, 'silver.counter', { columns: 'v' })).toEqual([{ v: 3 }]);
    expect(runStatus(root)).toEqual(['success', 'running', 'success']);
  });

  it('stops cleanly on SIGINT: running queries are interrupted, exit code 130, nothing committed', async () => {
    const root = slowProject();
    expect(runCli(['run'], root).code).toBe(0);
    const interrupted = startCli(['run', '--vars', SLOW], root);
    await interrupted.printed('START sql table model silver.counter');
    interrupted.child.kill('SIGINT');
    const result = await interrupted.done;
    expect(result.code).toBe(130);
    expect(result.stdout).toContain('SIGINT received');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await tableRows(root, 'silver.counter', { columns: 'v' })).toEqual([{ v: 1 }]);
    expect(runStatus(root)).toEqual(['success', 'interrupted']);
  });

  it('makes a run wait while another command holds the warehouse, or fail clearly without waiting', async () => {
    const root = slowProject();
    expect(runCli(['run'], root).code).toBe(0);
    const catalog = openCatalog({ warehousePath: join(root, 'warehouse') });
    const lock = await catalog.acquireWarehouseLock({ owner: 'ldp vacuum (by a test)' });
    try {
      const impatient = runCli(['run', '--lock-timeout', '0'], root);
      expect(impatient.code).toBe(1);
      expect(impatient.stderr).toContain('LDP546');
      expect(impatient.stderr).toContain(`is locked by 'ldp vacuum (by a test)' (pid ${process.pid}`);
      const patient = startCli(['run', '--vars', '{v: 20}'], root);
      await patient.printed('waiting for the warehouse');
      lock.release();
      const result = await patient.done;
      expect(result.code, result.stderr).toBe(0);
    } finally {
      catalog.close();
    }
    expect(await tableRows(root, 'silver.counter', { columns: 'v' })).toEqual([{ v: 20 }]);
  });

  it('runs two commands started together one after the other, never interleaving their commits', async () => {
    const root = slowProject();
    const both = [
      startCli(['run', '--vars', '{v: 1, work: 50000000}'], root),
      startCli(['run', '--vars', '{v: 2}'], root),
    ];
    const results = await Promise.all(both.map((run) => run.done));
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const catalog = openCatalog({ warehousePath: join(root, 'warehouse'), readOnly: true });
    try {
      const [first, second] = catalog.listRuns().reverse();
      expect(second!.startedAt >= first!.finishedAt!).toBe(true);
    } finally {
      catalog.close();
    }
    expect(snapshotsOf(root, 'silver.counter')).toHaveLength(2);
  });

  it('exits 1 with file:line:col, a code frame and no stack trace when a model fails', () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/silver/broken.sql':
        "{{ config(materialized='table') }}\nselect\n  missing_column\nfrom range(3)",
    });
    const result = runCli(['run'], root);
    expect(result.code).toBe(1);
    const output = result.stdout + result.stderr;
    expect(output).toContain('1 of 1 ERROR sql table model silver.broken');
    expect(output).toContain('target/compiled/shop/models/silver/broken.sql:3:3');
    expect(output).toContain('missing_column');
    expect(output).toContain('Done. PASS=0 WARN=0 ERROR=1 SKIP=0 TOTAL=1');
    expect(output).not.toMatch(/\n\s+at /);
  });

  it('prints JSON lines with --log-format json', () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/silver/a.sql': "{{ config(materialized='table') }}select 1 as x",
    });
    const result = runCli(['run', '--log-format', 'json'], root);
    expect(result.code).toBe(0);
    const events = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const end = events.find((e) => e['event'] === 'node-end')!;
    expect(end).toMatchObject({ uniqueId: 'model.shop.a', status: 'success', detail: 'CREATE TABLE 1' });
    expect(events.at(-1)).toMatchObject({ event: 'summary', counts: { PASS: 1, ERROR: 0, TOTAL: 1 } });
  });
});
