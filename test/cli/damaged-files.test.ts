import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { walkFiles } from '../../src/util/walk-files.js';
import { execute, snapshotsOf, tableRows } from '../support/lakehouse.js';
import { type CliResult, cliCommand, runCli } from '../support/run-cli.js';
import { tempProject } from '../support/temp-project.js';

/**
 * Damaged or missing warehouse files, through the CLI as a user meets them: each is an `LDP`
 * error (exit 1) naming the table and the file, the commands that do not need the damaged table
 * keep working, and nothing in the warehouse changes.
 */

/**
 * silver.a → gold.c and silver.b → gold.d, each built twice (two snapshots per table), through
 * the library (fast); the damaged cases then run the CLI as a user would. Each case builds its
 * own project: a copied warehouse would still point at the original's files.
 */
async function builtProject(): Promise<string> {
  const root = tempProject({
    'ldp_project.yml': 'name: p\nmodels:\n  p:\n    +materialized: table\n',
    'models/silver/a.sql': "select 1 as id, 'a' as name",
    'models/silver/b.sql': 'select 2 as id',
    'models/gold/c.sql': "select * from {{ ref('a') }}",
    'models/gold/d.sql': "select * from {{ ref('b') }}",
  });
  for (let i = 0; i < 2; i++) expect((await execute('run', root)).failed).toBe(false);
  return root;
}

function tableFiles(root: string, table: string, pattern: RegExp): string[] {
  const dir = join(root, 'warehouse', ...table.split('.'));
  return [...walkFiles(dir)].filter((path) => pattern.test(relative(dir, path))).sort();
}

function currentMetadata(root: string, table: string): string {
  const [namespace, name] = table.split('.');
  const db = new Database(join(root, 'warehouse', 'catalog.db'), { readonly: true });
  try {
    const row = db
      .prepare('SELECT metadata_location FROM iceberg_tables WHERE table_namespace = ? AND table_name = ?')
      .get(namespace, name) as { metadata_location: string };
    return row.metadata_location.replace(/^file:\/\//, '');
  } finally {
    db.close();
  }
}

/**
 * Everything a failed command must leave alone: every table file (hashed) and the catalog's
 * table rows. ldp's own run records in catalog.db do change (the failed run is recorded).
 */
function warehouseState(root: string): Record<string, string> {
  const warehouse = join(root, 'warehouse');
  const state: Record<string, string> = {};
  for (const path of walkFiles(warehouse, (folder) => folder.startsWith('.'))) {
    const name = relative(warehouse, path);
    if (name.startsWith('catalog.db')) continue;
    state[name] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  const db = new Database(join(warehouse, 'catalog.db'), { readonly: true });
  try {
    state['catalog rows'] = JSON.stringify(
      db.prepare('SELECT * FROM iceberg_tables ORDER BY table_namespace, table_name').all(),
    );
  } finally {
    db.close();
  }
  return state;
}

function hashOf(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

function output(result: CliResult): string {
  return `${result.stdout}\n${result.stderr}`;
}

/** A user error, not a crash: exit 1, the code, no stack trace, no "bug in ldp". */
function expectUserError(result: CliResult, code: string): void {
  expect(result.code, output(result)).toBe(1);
  expect(output(result)).toContain(`[${code}]`);
  expect(output(result)).not.toContain('bug in ldp');
  expect(output(result)).not.toMatch(/\n\s+at /);
}

function cut(path: string, keep: number): void {
  truncateSync(path, keep);
}

describe('a table whose current metadata.json is missing', { timeout: 600_000 }, () => {
  it('fails only what reads the table, names table and file, and --full-refresh rebuilds it', async () => {
    const root = await builtProject();
    const metadata = currentMetadata(root, 'silver.a');
    rmSync(metadata);
    const before = warehouseState(root);

    // Unrelated models and other tables' previews keep working.
    expect(runCli(['run', '-s', 'd'], root).code).toBe(0);
    expect(runCli(['show', '-s', 'b'], root).code).toBe(0);

    const blocked = runCli(['run', '-s', 'c'], root);
    expectUserError(blocked, 'LDP570');
    expect(output(blocked)).toContain('table silver.a');
    expect(output(blocked)).toContain(metadata);
    expect(output(blocked)).toContain('--full-refresh');

    // Building a and c: a fails, c is skipped, and neither table changes.
    const both = runCli(['run', '-s', 'a', 'c'], root);
    expectUserError(both, 'LDP570');
    expect(both.stdout).toMatch(/SKIP .*gold\.c/);
    const ofAandC = (state: Record<string, string>) =>
      Object.entries(state).filter(([file]) => file.startsWith('silver/a/') || file.startsWith('gold/c/'));
    expect(ofAandC(warehouseState(root))).toEqual(ofAandC(before));
    expect(currentMetadata(root, 'silver.a')).toBe(metadata);

    // The documented way out: a full refresh builds a new table in its place.
    expect(runCli(['run', '--full-refresh', '-s', 'a+'], root).code).toBe(0);
    expect(await tableRows(root, 'gold.c', { columns: 'id, name' })).toEqual([{ id: 1, name: 'a' }]);
  });

  it('leaves docs generate working, with a warning about the table', async () => {
    const root = await builtProject();
    rmSync(currentMetadata(root, 'silver.a'));
    const docs = runCli(['docs', 'generate'], root);
    expect(docs.code, output(docs)).toBe(0);
    expect(output(docs)).toContain('warning[LDP570]');
  });
});

describe('damaged files of a table', { timeout: 300_000 }, () => {
  const cases: readonly {
    readonly name: string;
    readonly damage: (root: string) => string;
    readonly code: string;
  }[] = [
    {
      name: 'truncated metadata JSON',
      code: 'LDP571',
      damage: (root) => {
        const path = currentMetadata(root, 'silver.a');
        cut(path, 100);
        return path;
      },
    },
    {
      name: 'truncated manifest list',
      code: 'LDP571',
      damage: (root) => {
        const lists = tableFiles(root, 'silver.a', /^metadata\/snap-.*\.avro$/);
        for (const path of lists) cut(path, readFileSync(path).length - 20);
        return lists[0]!.replace(/snap-.*/, 'snap-');
      },
    },
    {
      name: 'corrupt manifest (bytes overwritten in a block)',
      code: 'LDP571',
      damage: (root) => {
        const manifests = tableFiles(root, 'silver.a', /^metadata\/[^/]*-m\d+\.avro$/);
        for (const path of manifests) {
          const bytes = readFileSync(path);
          bytes.fill(0x55, bytes.length - 60, bytes.length - 20);
          writeFileSync(path, bytes);
        }
        return '-m0.avro';
      },
    },
    {
      name: 'missing data file',
      code: 'LDP572',
      damage: (root) => {
        const files = tableFiles(root, 'silver.a', /^data\/.*\.parquet$/);
        for (const path of files) rmSync(path);
        return '.parquet';
      },
    },
  ];

  for (const { name, damage, code } of cases) {
    it(`${name}: ${code} naming table and file, exit 1, nothing changed, other models still run`, async () => {
      const root = await builtProject();
      const file = damage(root);
      const before = warehouseState(root);
      const result = runCli(['run', '-s', 'c'], root);
      expectUserError(result, code);
      expect(output(result)).toContain('table silver.a');
      expect(output(result)).toContain(file);
      expect(warehouseState(root)).toEqual(before);
      expect(runCli(['run', '-s', 'd'], root).code).toBe(0);
    });
  }
});

describe('a damaged or empty catalog.db', { timeout: 300_000 }, () => {
  it('truncated: LDP573 naming the file, exit 1, no file changed', async () => {
    const root = await builtProject();
    const catalog = join(root, 'warehouse', 'catalog.db');
    cut(catalog, Math.floor(readFileSync(catalog).length / 2));
    const before = hashOf(catalog);
    const tables = warehouseFilesHash(root);
    const result = runCli(['run'], root);
    expectUserError(result, 'LDP573');
    expect(output(result)).toContain(catalog);
    expect(hashOf(catalog)).toBe(before);
    expect(warehouseFilesHash(root)).toBe(tables);
  });

  it('empty beside table folders: warns that the tables are not registered, and how to fix it', async () => {
    const root = await builtProject();
    writeFileSync(join(root, 'warehouse', 'catalog.db'), '');
    const result = runCli(['run'], root);
    expect(result.code, output(result)).toBe(0);
    expect(output(result)).toContain('warning[LDP574]');
    expect(output(result)).toContain('silver/a');
    expect(output(result)).toContain('register_table');
  });
});

/** Every file of the warehouse folder, catalog included, as one hash. */
function warehouseFilesHash(root: string): string {
  const warehouse = join(root, 'warehouse');
  const hash = createHash('sha256');
  for (const path of [...walkFiles(warehouse)].sort()) hash.update(path).update(readFileSync(path));
  return hash.digest('hex');
}

/**
 * Runs the CLI with RLIMIT_FSIZE set (`ulimit -f`, in 512-byte blocks): a write past the limit
 * fails with EFBIG, which the kernel raises for root too, unlike a read-only folder (root ignores
 * permissions, and CI runs as root). SIGXFSZ is ignored so the write returns the error instead
 * of killing the process. This is how a full disk looks to ldp, without a tiny file system.
 */
function runCliWithFileSizeLimit(args: readonly string[], cwd: string, blocks: number): CliResult {
  const [node, ...rest] = cliCommand();
  const result = spawnSync(
    'bash',
    ['-c', `ulimit -f ${blocks}; trap '' XFSZ; exec "$@"`, 'ldp', node!, ...rest, ...args],
    {
      cwd,
      encoding: 'utf8',
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: join(cwd, '.home'),
        NODE_PATH: join(import.meta.dirname, '..', '..', 'node_modules'),
        CI: 'true',
      },
    },
  );
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

describe('a full disk', { timeout: 300_000 }, () => {
  it("DuckDB's write of the data file: LDP575 naming the path and the disk, previous snapshot intact", async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: big\nmodels:\n  big:\n    +materialized: table\n',
      'models/silver/wide.sql':
        "select range as id, md5(range::varchar || '{{ var('salt', 'x') }}') as h from range(200000)",
    });
    expect(runCli(['run'], root).code).toBe(0);
    const rows = await tableRows(root, 'silver.wide', { columns: 'count(*)::int AS n' });
    const before = warehouseState(root);
    // 1 MB: the compiled files and the catalog fit, the ~6 MB data file does not.
    const result = runCliWithFileSizeLimit(['run', '--vars', '{salt: y}'], root, 2048);
    expectUserError(result, 'LDP575');
    expect(output(result)).toMatch(/silver\/wide\/data\/[^ ]*: the disk is full/);
    expect(output(result)).not.toContain('LDP401');
    expect(warehouseState(root)).toEqual(before);
    expect(snapshotsOf(root, 'silver.wide')).toHaveLength(1);
    expect(await tableRows(root, 'silver.wide', { columns: 'count(*)::int AS n' })).toEqual(rows);
  });

  it("Node's own write (under target/): LDP575 naming that file, warehouse untouched", async () => {
    const root = await builtProject();
    const before = warehouseFilesHash(root);
    const result = runCliWithFileSizeLimit(['run'], root, 0);
    expectUserError(result, 'LDP575');
    expect(output(result)).toMatch(/cannot write the [a-z ]+ \/\S+\/target\/\S+: the disk is full/);
    expect(output(result)).not.toContain('DuckDB');
    expect(warehouseFilesHash(root)).toBe(before);
  });
});

describe('a path blocked by a file', { timeout: 300_000 }, () => {
  it('a new table whose folder is a file: LDP577 naming the path, other models still built', async () => {
    const root = await builtProject();
    writeFileSync(join(root, 'models', 'gold', 'e.sql'), 'select 5 as x');
    writeFileSync(join(root, 'warehouse', 'gold', 'e'), 'in the way');
    const result = runCli(['run'], root);
    expectUserError(result, 'LDP577');
    expect(output(result)).toContain(join(root, 'warehouse', 'gold', 'e'));
    expect(result.stdout).toMatch(/OK .*gold\.d/);
    expect(readdirSync(join(root, 'warehouse', 'gold')).sort()).toEqual(['c', 'd', 'e']);
  });
});
