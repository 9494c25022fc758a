import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../src/catalog/index.js';
import { freshCatalog } from './support.js';

const clock = () => new Date('2024-05-01T12:00:00.000Z');

describe('runs and node results', () => {
  it('records a run from start to end with its node results', () => {
    const { catalog } = freshCatalog({ clock });
    catalog.recordRunStart({
      runId: 'r1',
      command: 'build',
      ldpVersion: '0.1.0',
      target: 'dev',
      projectName: 'taxi',
      args: { select: ['+fct_trips'], fullRefresh: false },
    });
    expect(catalog.loadRun('r1')).toEqual({
      runId: 'r1',
      command: 'build',
      status: 'running',
      startedAt: '2024-05-01T12:00:00.000Z',
      ldpVersion: '0.1.0',
      target: 'dev',
      projectName: 'taxi',
      args: { select: ['+fct_trips'], fullRefresh: false },
    });
    catalog.recordNodeResult('r1', {
      uniqueId: 'model.taxi.fct_trips',
      resourceType: 'model',
      name: 'fct_trips',
      status: 'success',
      startedAt: '2024-05-01T12:00:01.000Z',
      finishedAt: '2024-05-01T12:00:02.500Z',
      durationMs: 1500.5,
      rowsAffected: 42,
      materialization: 'incremental',
      namespace: 'gold',
      tableName: 'fct_trips',
      snapshotId: '9007199254740993123',
      sqlFingerprint: 'sha256:ab',
      compiledPath: 'target/compiled/fct_trips.sql',
      details: { strategy: 'append' },
    });
    catalog.recordNodeResult('r1', {
      uniqueId: 'test.taxi.not_null_fct_trips_id',
      resourceType: 'test',
      name: 'not_null_fct_trips_id',
      status: 'fail',
      failures: 3,
      message: 'Got 3 results, configured to fail if != 0',
    });
    catalog.recordRunEnd('r1', { status: 'error', message: '1 test failed' });
    expect(catalog.loadRun('r1')).toMatchObject({ status: 'error', finishedAt: '2024-05-01T12:00:00.000Z' });
    const results = catalog.runResults('r1');
    expect(results.map((r) => r.uniqueId)).toEqual([
      'model.taxi.fct_trips',
      'test.taxi.not_null_fct_trips_id',
    ]);
    expect(results[0]).toMatchObject({
      snapshotId: '9007199254740993123',
      durationMs: 1500.5,
      details: { strategy: 'append' },
    });
    expect(results[1]).toEqual({
      uniqueId: 'test.taxi.not_null_fct_trips_id',
      resourceType: 'test',
      name: 'not_null_fct_trips_id',
      status: 'fail',
      failures: 3,
      message: 'Got 3 results, configured to fail if != 0',
    });
  });

  it('refuses results and ends of runs that never started', () => {
    const { catalog } = freshCatalog();
    expect(() =>
      catalog.recordNodeResult('nope', {
        uniqueId: 'm',
        resourceType: 'model',
        name: 'm',
        status: 'success',
      }),
    ).toThrowError(expect.objectContaining({ code: 'LDP550' }));
    expect(() => catalog.recordRunEnd('nope', { status: 'success' })).toThrowError(
      /run nope was never started/,
    );
  });

  it('answers a test’s history across runs, newest first', () => {
    const { catalog } = freshCatalog();
    const test = 'test.taxi.unique_trip_id';
    ['2024-05-01', '2024-05-03', '2024-05-02'].forEach((day, i) => {
      catalog.recordRunStart({
        runId: `r${i}`,
        command: 'test',
        ldpVersion: '0.1.0',
        startedAt: `${day}T00:00:00Z`,
      });
      catalog.recordNodeResult(`r${i}`, {
        uniqueId: test,
        resourceType: 'test',
        name: 'unique_trip_id',
        status: i === 1 ? 'fail' : 'pass',
        failures: i === 1 ? 2 : 0,
      });
    });
    const history = catalog.runHistory(test);
    expect(history.map((h) => [h.runId, h.runStartedAt, h.status, h.failures])).toEqual([
      ['r1', '2024-05-03T00:00:00Z', 'fail', 2],
      ['r2', '2024-05-02T00:00:00Z', 'pass', 0],
      ['r0', '2024-05-01T00:00:00Z', 'pass', 0],
    ]);
    expect(catalog.runHistory(test, 1)).toHaveLength(1);
    expect(catalog.listRuns(2).map((r) => r.runId)).toEqual(['r1', 'r2']);
    const plan = catalog.db
      .prepare(`EXPLAIN QUERY PLAN SELECT * FROM ldp_run_results WHERE unique_id = ? ORDER BY started_at`)
      .all(test) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('ldp_run_results_by_node');
  });

  it('is readable from a read-only connection while a writer has the file open', () => {
    const { dir, catalog } = freshCatalog();
    catalog.recordRunStart({ runId: 'r1', command: 'run', ldpVersion: '0.1.0' });
    const reader = openCatalog({ warehousePath: dir, readOnly: true });
    expect(reader.loadRun('r1')?.status).toBe('running');
    expect(() => reader.recordRunEnd('r1', { status: 'success' })).toThrowError(/opened read-only/);
    catalog.recordRunEnd('r1', { status: 'success' });
    expect(reader.loadRun('r1')?.status).toBe('success');
    reader.close();
  });
});
