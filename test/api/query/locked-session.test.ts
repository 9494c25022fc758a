import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { withLockedQuerySession } from '../../../src/api/query/locked-session.js';
import { parse } from '../../../src/api/session/parse.js';
import { openCatalogIfBuilt } from '../../../src/api/warehouse/stored-relation.js';
import { execute } from '../../support/lakehouse.js';
import { isolated, tempProject } from '../../support/temp-project.js';
import { SHOP_FILES } from '../lineage/fixture.js';

let root: string;

beforeAll(async () => {
  root = tempProject({
    ...SHOP_FILES,
    // A source read through a glob: its folder is readable, the project folder above it is not.
    'models/sources.yml': `${SHOP_FILES['models/sources.yml']}      - name: events\n        location: data/events/*.csv\n`,
    'data/events/a.csv': 'id\n1\n',
    'data/events/b.csv': 'id\n2\n',
  });
  await execute('build', root);
}, 60_000);

/** Runs each statement on the locked connection directly, past the parser check, and returns its outcome. */
async function outcomes(statements: readonly string[]): Promise<string[]> {
  const parsed = await parse(isolated(root));
  const catalog = openCatalogIfBuilt(parsed.project.target)!;
  try {
    return await withLockedQuerySession(parsed, catalog, async (conn) => {
      const results: string[] = [];
      for (const sql of statements) {
        try {
          const reader = await conn.runAndReadAll(sql);
          results.push(`ok ${JSON.stringify(reader.getRowsJson())}`);
        } catch (error) {
          results.push(`refused ${(error as Error).message.split('\n')[0]}`);
        }
      }
      return results;
    });
  } finally {
    catalog.close();
  }
}

describe('the locked query session', () => {
  it('reads the warehouse tables, views and sources', async () => {
    expect(
      await outcomes([
        'select count(*) from silver.silver_orders',
        'select count(*) from gold.customer_revenue',
        'select count(*) from raw.orders',
        'select sum(id) from raw.events',
      ]),
    ).toEqual(['ok [["3"]]', 'ok [["2"]]', 'ok [["4"]]', 'ok [["3"]]']);
  });

  it('forbids settings, other files and extensions even to a statement that got past the parser', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'ldp-outside-'));
    const results = await outcomes([
      'SET enable_external_access = true',
      "SET allowed_directories = ['/']",
      'RESET lock_configuration',
      "select * from read_text('/etc/hostname')",
      `select * from read_text('${join(root, 'ldp_project.yml')}')`,
      `COPY (select 1) TO '${join(outside, 'out.csv')}'`,
      `ATTACH '${join(outside, 'other.db')}'`,
      'INSTALL httpfs',
    ]);
    for (const result of results) expect(result).toMatch(/^refused /);
    expect(results[0]).toContain('locked');
    expect(results[3]).toContain('disabled by configuration');
    expect(results[4]).toContain('disabled by configuration');
    expect(existsSync(join(outside, 'out.csv'))).toBe(false);
    expect(existsSync(join(outside, 'other.db'))).toBe(false);
  });
});
