import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src/catalog/index.js';
import type { TableMetadata } from '../../../src/iceberg/index.js';
import { serveRestCatalog } from '../../../src/servers/rest-catalog/index.js';
import { RestTestClient } from '../../support/rest-spec.js';
import { killStartedClis, runCli, startCli } from '../../support/run-cli.js';
import { tempProject } from '../../support/temp-project.js';
import { EngineClient } from './engine-client.js';
import { SPEC } from './support.js';

afterEach(killStartedClis);

const RUNS = 2;
const LDP_ROWS = 10;

/** Every snapshot reachable from the current one through its parents: what readers see as history. */
function ancestry(metadata: TableMetadata): bigint[] {
  const byId = new Map(metadata.snapshots.map((s) => [s['snapshot-id'], s]));
  const chain: bigint[] = [];
  for (let id = metadata['current-snapshot-id']; id !== undefined; id = byId.get(id)?.['parent-snapshot-id'])
    chain.push(id);
  return chain;
}

describe('REST commits while ldp run commits', () => {
  it('loses neither side’s snapshots: every commit of both is in the table’s history', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/bronze/events.sql': `{{ config(materialized='incremental', incremental_strategy='append') }}
select ({{ var('batch', 0) }} * 1000 + range)::BIGINT as id, 'ldp' as source from range(${LDP_ROWS})`,
    });
    const first = runCli(['run'], root);
    expect(first.code, first.stderr).toBe(0);

    const catalog = openCatalog({ warehousePath: join(root, 'warehouse') });
    const server = await serveRestCatalog({ catalog, port: 0 });
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      const engine = new EngineClient(new RestTestClient(SPEC, server.url), conn);
      const path = '/v1/ldp/namespaces/bronze/tables/events';
      let runsDone = false;
      const runs = (async () => {
        for (let batch = 1; batch <= RUNS; batch++) {
          const result = await startCli(['run', '--vars', `{batch: ${batch}}`], root).done;
          expect(result.code, result.stderr).toBe(0);
        }
        runsDone = true;
      })();
      const restSnapshots: bigint[] = [];
      while (!runsDone || restSnapshots.length < 3) {
        const n = restSnapshots.length;
        const { snapshotId } = await engine.append(
          path,
          `select (-1 - ${n} * 100 - range)::BIGINT as id, 'rest' as source from range(2)`,
        );
        restSnapshots.push(snapshotId);
      }
      await runs;

      const { metadata } = await engine.load(path);
      const history = ancestry(metadata);
      for (const id of restSnapshots) expect(history).toContain(id);
      // The first run's snapshot, one per later run, one per REST append: all on main's lineage.
      expect(history).toHaveLength(1 + RUNS + restSnapshots.length);
      expect(metadata.snapshots).toHaveLength(history.length);
      expect(await engine.count(metadata)).toBe((1 + RUNS) * LDP_ROWS + 2 * restSnapshots.length);
      const byLdp = metadata.snapshots.filter((snapshot) => snapshot.summary['ldp.run-id'] !== undefined);
      expect(byLdp).toHaveLength(1 + RUNS);
    } finally {
      await server.close();
      catalog.close();
      conn.closeSync();
    }
  }, 180_000);
});
