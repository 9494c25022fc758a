import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS, type Migration, openCatalog } from '../../src/catalog/index.js';
import { freshCatalog, tempDir, writeMetadata } from './support.js';

const TSX = pathToFileURL(resolve(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs')).href;
const clock = () => new Date('2024-05-01T12:00:00.000Z');

const V2: Migration = {
  version: 2,
  name: 'add ldp_example',
  up: (db) => db.exec('CREATE TABLE ldp_example (id TEXT PRIMARY KEY)'),
};

function versions(db: Database.Database): unknown[] {
  return db.prepare('SELECT version, name, applied_at FROM ldp_schema_version ORDER BY version').raw().all();
}

function bumpVersion(path: string, version: number): void {
  const db = new Database(path);
  db.prepare("INSERT INTO ldp_schema_version VALUES (?, 'from the future', 'later')").run(version);
  db.close();
}

describe('migrations of ldp tables', () => {
  it('brings a fresh file to the latest version, recording when', () => {
    const { catalog } = freshCatalog({ clock });
    expect(LATEST_VERSION).toBe(MIGRATIONS.length);
    expect(catalog.schemaVersion).toBe(LATEST_VERSION);
    expect(versions(catalog.db)).toEqual([[1, MIGRATIONS[0]!.name, '2024-05-01T12:00:00.000Z']]);
    const tables = catalog.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'ldp_%' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual([
      'ldp_lineage_column_edges',
      'ldp_lineage_columns',
      'ldp_lineage_edges',
      'ldp_lineage_nodes',
      'ldp_locks',
      'ldp_run_results',
      'ldp_runs',
      'ldp_schema_version',
      'ldp_views',
    ]);
  });

  it('reopens idempotently, keeping data', () => {
    const { dir, catalog } = freshCatalog({ clock });
    const t = { namespace: ['s'], name: 't' };
    catalog.registerTable(t, writeMetadata(dir, t));
    catalog.close();
    const again = openCatalog({ warehousePath: dir, clock: () => new Date('2030-01-01T00:00:00Z') });
    expect(versions(again.db)).toEqual([[1, MIGRATIONS[0]!.name, '2024-05-01T12:00:00.000Z']]);
    expect(again.tableExists(t)).toBe(true);
  });

  it('migrates a file written by an older ldp', () => {
    const { dir, catalog } = freshCatalog({ clock });
    catalog.close();
    const later = () => new Date('2024-06-01T00:00:00.000Z');
    const upgraded = openCatalog({ warehousePath: dir, clock: later, migrations: [...MIGRATIONS, V2] });
    expect(upgraded.schemaVersion).toBe(2);
    expect(versions(upgraded.db)).toEqual([
      [1, MIGRATIONS[0]!.name, '2024-05-01T12:00:00.000Z'],
      [2, 'add ldp_example', '2024-06-01T00:00:00.000Z'],
    ]);
    expect(upgraded.db.prepare('SELECT count(*) FROM ldp_example').pluck().get()).toBe(0);
  });

  it('rolls a failing migration back entirely', () => {
    const { dir, catalog } = freshCatalog();
    catalog.close();
    const broken: Migration = {
      version: 2,
      name: 'broken',
      up: (db) => {
        db.exec('CREATE TABLE ldp_half (x INTEGER)');
        throw new Error('boom');
      },
    };
    expect(() => openCatalog({ warehousePath: dir, migrations: [...MIGRATIONS, broken] })).toThrowError(
      'boom',
    );
    const reopened = openCatalog({ warehousePath: dir });
    expect(reopened.schemaVersion).toBe(1);
    expect(
      reopened.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'ldp_half'").pluck().get(),
    ).toBe(0);
  });

  it('refuses a file from a newer ldp without touching it', () => {
    const { dir, catalog } = freshCatalog();
    const t = { namespace: ['s'], name: 't' };
    catalog.registerTable(t, writeMetadata(dir, t));
    catalog.close();
    const path = join(dir, 'catalog.db');
    bumpVersion(path, LATEST_VERSION + 1);
    const before = readFileSync(path);
    expect(() => openCatalog({ warehousePath: dir })).toThrowError(
      expect.objectContaining({
        code: 'LDP501',
        message: `catalog ${path} has ldp schema version ${LATEST_VERSION + 1}, newer than this ldp understands (${LATEST_VERSION})`,
      }),
    );
    expect(readFileSync(path).equals(before)).toBe(true);
    // Read-only, its Iceberg tables stay readable; only ldp's own tables are refused.
    const readOnly = openCatalog({ warehousePath: dir, readOnly: true });
    expect(readOnly.listTables(['s'])).toEqual([t]);
    expect(() => readOnly.listRuns()).toThrowError(/newer than this ldp understands/);
    readOnly.close();
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('reads an empty file as version 0 and migrates it', () => {
    const dir = tempDir();
    new Database(join(dir, 'catalog.db')).close();
    const catalog = openCatalog({ warehousePath: dir });
    expect(catalog.schemaVersion).toBe(LATEST_VERSION);
  });

  it('lets several processes create the same new file at once', async () => {
    const dir = tempDir();
    const start = join(dir, 'go');
    const workers = [0, 1, 2].map(() => {
      const child = spawn(
        process.execPath,
        ['--import', TSX, resolve(import.meta.dirname, 'workers/open-worker.ts'), dir, start],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let output = '';
      const ready = new Promise<void>((done) =>
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.startsWith('ready')) done();
        }),
      );
      const exit = new Promise<[number | null, string]>((done) =>
        child.on('exit', (code) => done([code, output])),
      );
      return { ready, exit };
    });
    await Promise.all(workers.map((w) => w.ready));
    writeFileSync(start, '');
    for (const [code, output] of await Promise.all(workers.map((w) => w.exit))) {
      expect(code).toBe(0);
      expect(output).toContain(`{"version":${LATEST_VERSION}}`);
    }
    const catalog = openCatalog({ warehousePath: dir });
    expect(catalog.db.prepare('SELECT count(*) FROM ldp_schema_version').pluck().get()).toBe(LATEST_VERSION);
  }, 60_000);
});
