import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSourceFiles } from '../../../src/adapters/duckdb/index.js';
import { formatDiagnostic, LdpError } from '../../../src/errors/index.js';
import type { SourceNode } from '../../../src/model/node.js';
import { at, sourceNode } from './support.js';

let root: string;
let instance: DuckDBInstance;
let conn: DuckDBConnection;

async function failure(source: SourceNode): Promise<LdpError> {
  const error = await checkSourceFiles(source, root, conn).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof LdpError)) throw new Error(`expected an LdpError, got ${String(error)}`);
  return error;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ldp-check-'));
  mkdirSync(join(root, 'data'));
  writeFileSync(join(root, 'data', 'trips.csv'), 'id,fare\n1,9.5\n');
  writeFileSync(join(root, 'data', 'broken.json'), '{"id": 1,,,');
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
});

afterAll(() => {
  conn.closeSync();
  instance.closeSync();
  rmSync(root, { recursive: true, force: true });
});

describe('checkSourceFiles', () => {
  it('returns the relation and the columns DuckDB reads', async () => {
    const check = await checkSourceFiles(sourceNode(at('data/trips.csv')), root, conn);
    expect(check.relation).toMatchObject({ kind: 'files', format: 'csv' });
    expect(check.columns).toEqual([
      { name: 'id', type: 'BIGINT' },
      { name: 'fare', type: 'DOUBLE' },
    ]);
  });

  it('reports a missing file with the source, the path and the YAML line', async () => {
    const error = await failure(sourceNode(at('data/missing.parquet')));
    expect(error.code).toBe('LDP413');
    expect(error.message).toBe(
      `source('raw', 'trips'): the file does not exist: ${join(root, 'data/missing.parquet')}`,
    );
    expect(error.span).toEqual({ file: 'models/sources.yml', line: 12, col: 7 });
    expect(error.hint).toContain('location:');
    expect(formatDiagnostic(error)).toContain('--> models/sources.yml:12:7');
  });

  it("speaks of dbt-duckdb's meta.external_location when the source names its files so", async () => {
    const source = sourceNode(at('data/{name}.parquet'), {
      meta: { external_location: 'data/{name}.parquet' },
    });
    const error = await failure(source);
    expect(error.code).toBe('LDP413');
    expect(error.hint).toContain('Fix meta.external_location of the source');
    expect(error.hint).not.toContain('location:');
    expect(error.hint).not.toContain('ldp demo');
  });

  it('reports a glob that matches nothing', async () => {
    const error = await failure(sourceNode(at('data/*.parquet')));
    expect(error.code).toBe('LDP413');
    expect(error.message).toBe(
      `source('raw', 'trips'): the pattern matches no file: ${join(root, 'data/*.parquet')}`,
    );
  });

  it('reports a folder without files of the format', async () => {
    const error = await failure(sourceNode(at('data', 'parquet')));
    expect(error.message).toContain(`the pattern matches no file: ${join(root, 'data/**/*.parquet')}`);
  });

  it('reports files DuckDB cannot read, with its message inside ours', async () => {
    const wrongFormat = await failure(sourceNode(at('data/trips.csv', 'parquet')));
    expect(wrongFormat.code).toBe('LDP414');
    expect(wrongFormat.message).toMatch(
      /^source\('raw', 'trips'\): DuckDB cannot read '.*data\/trips\.csv' as parquet: .*magic bytes/,
    );
    expect(wrongFormat.span?.line).toBe(12);
    expect(wrongFormat.hint).toContain('format:');
    const malformed = await failure(sourceNode(at('data/broken.json')));
    expect(malformed.code).toBe('LDP414');
    expect(malformed.message).toContain('as json');
    expect(malformed.message).toMatch(/Malformed JSON/i);
  });

  it('reports a missing file named inside a reader expression', async () => {
    const error = await failure(sourceNode(at("read_csv('data/nope.csv', header = true)")));
    expect(error.code).toBe('LDP413');
    expect(error.message).toContain(join(root, 'data/nope.csv'));
  });

  it('reports reader options DuckDB rejects', async () => {
    const error = await failure(sourceNode(at('data/trips.csv', 'csv', { types: { id: 'NOT_A_TYPE' } })));
    expect(error.code).toBe('LDP414');
    expect(error.message).toContain('NOT_A_TYPE');
  });

  it('reports a missing Iceberg catalog file and accepts a present one', async () => {
    const error = await failure(sourceNode(at('warehouse/catalog.db', 'iceberg')));
    expect(error.code).toBe('LDP413');
    expect(error.message).toBe(
      `source('raw', 'trips'): the Iceberg catalog file does not exist: ${join(root, 'warehouse/catalog.db')}`,
    );
    expect(error.hint).toContain('catalog');
    writeFileSync(join(root, 'catalog.db'), '');
    const check = await checkSourceFiles(sourceNode(at('catalog.db', 'iceberg')), root, conn);
    expect(check).toEqual({
      relation: { kind: 'iceberg', catalogPath: join(root, 'catalog.db'), namespace: 'raw', table: 'trips' },
      columns: [],
    });
  });

  it('has nothing to check for a source without a location', async () => {
    const check = await checkSourceFiles(sourceNode(undefined), root, conn);
    expect(check.relation.kind).toBe('relation');
  });
});
