import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeQuery, type SourceRelation, sourceRelationSql } from '../../../src/adapters/duckdb/index.js';
import { LdpError } from '../../../src/errors/index.js';
import type { SourceNode } from '../../../src/model/node.js';
import { at, sourceNode } from './support.js';

let root: string;
let instance: DuckDBInstance;
let conn: DuckDBConnection;

function write(path: string, content: string): void {
  mkdirSync(join(root, path, '..'), { recursive: true });
  writeFileSync(join(root, path), content);
}

function filesSql(relation: SourceRelation): string {
  if (relation.kind !== 'files') throw new Error(`expected files, got ${relation.kind}`);
  return relation.sql;
}

/** Every row the source yields, ordered by its first column. */
async function read(source: SourceNode): Promise<Record<string, unknown>[]> {
  const sql = filesSql(sourceRelationSql(source, root));
  return (await conn.runAndReadAll(`SELECT * FROM ${sql} ORDER BY 1`)).getRowObjectsJson() as Record<
    string,
    unknown
  >[];
}

function thrown(fn: () => unknown): LdpError {
  try {
    fn();
  } catch (error) {
    if (error instanceof LdpError) return error;
    throw error;
  }
  throw new Error('expected an LdpError');
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ldp-sources-'));
  instance = await DuckDBInstance.create(':memory:');
  conn = await instance.connect();
  await conn.run("SET TimeZone = 'UTC'");
  write('data/semi.csv', 'id;name;amount\r\n1;"Smith; John";3.5\r\n2;"say ""hi""";4\r\n');
  write('data/plain.csv', '1,alpha,10\r\n2,beta,20\r\n');
  write('data/events.ndjson', '{"id": 1, "kind": "a"}\n{"id": 2, "kind": "b"}\n');
  write('data/events.json', '[{"id": 1, "kind": "a"}, {"id": 2, "kind": "b"}, {"id": 3, "kind": "c"}]');
  write('data/payments.csv', 'id,total\n1,5\n');
  await conn.run(
    `COPY (SELECT 1 AS id UNION ALL SELECT 2) TO '${root}/data/part-1.parquet' (FORMAT parquet)`,
  );
  await conn.run(`COPY (SELECT 3 AS id) TO '${root}/data/part-2.parquet' (FORMAT parquet)`);
  await conn.run(
    `COPY (SELECT * FROM (VALUES (1, 2023, 1), (2, 2023, 2), (3, 2024, 1)) v(id, year, month))
     TO '${root}/hive' (FORMAT parquet, PARTITION_BY (year, month))`,
  );
});

afterAll(() => {
  conn.closeSync();
  instance.closeSync();
  rmSync(root, { recursive: true, force: true });
});

describe('sourceRelationSql: CSV', () => {
  it('reads CRLF files with a ; delimiter and quoted values, without keeping \\r', async () => {
    const source = sourceNode(
      at('data/semi.csv', 'csv', { delimiter: ';', header: true, quote: '"', escape: '"' }),
    );
    const sql = filesSql(sourceRelationSql(source, root));
    expect(sql).toBe(
      `read_csv('${root}/data/semi.csv', delim = ';', header = true, quote = '"', escape = '"')`,
    );
    const rows = await read(source);
    expect(rows).toEqual([
      { id: '1', name: 'Smith; John', amount: 3.5 },
      { id: '2', name: 'say "hi"', amount: 4 },
    ]);
    const text = await conn.runAndReadAll(
      `SELECT count(*) AS n FROM ${sql} t WHERE CAST(t AS VARCHAR) LIKE '%' || chr(13) || '%'`,
    );
    expect(text.getRowObjectsJson()).toEqual([{ n: '0' }]);
  });

  it('applies explicit column types', async () => {
    const source = sourceNode(
      at('data/semi.csv', undefined, { delim: ';', types: { amount: 'VARCHAR', id: 'INTEGER' } }),
    );
    const columns = await describeQuery(conn, `SELECT * FROM ${filesSql(sourceRelationSql(source, root))}`);
    expect(columns).toEqual([
      { name: 'id', type: 'INTEGER' },
      { name: 'name', type: 'VARCHAR' },
      { name: 'amount', type: 'VARCHAR' },
    ]);
    // The last column of a CRLF file read as text must not end in \r.
    expect((await read(source)).map((r) => r['amount'])).toEqual(['3.5', '4']);
  });

  it('reads files without a header, with named and typed columns', async () => {
    const source = sourceNode(
      at('data/plain.csv', 'csv', {
        header: false,
        columns: { id: 'BIGINT', label: 'VARCHAR', amount: 'DOUBLE' },
      }),
    );
    expect(await read(source)).toEqual([
      { id: '1', label: 'alpha', amount: 10 },
      { id: '2', label: 'beta', amount: 20 },
    ]);
    const bare = sourceNode(at('data/plain.csv', 'csv', { header: false }));
    const columns = await describeQuery(conn, `SELECT * FROM ${filesSql(sourceRelationSql(bare, root))}`);
    expect(columns.map((c) => c.name)).toEqual(['column0', 'column1', 'column2']);
  });
});

describe('sourceRelationSql: JSON and Parquet', () => {
  it('reads newline-delimited JSON by extension and by format', async () => {
    const byExtension = sourceRelationSql(sourceNode(at('data/events.ndjson')), root);
    expect(filesSql(byExtension)).toBe(`read_ndjson('${root}/data/events.ndjson')`);
    expect(await read(sourceNode(at('data/events.ndjson')))).toEqual([
      { id: '1', kind: 'a' },
      { id: '2', kind: 'b' },
    ]);
    const explicit = sourceNode(at('data/events.ndjson', 'json', { format: 'newline_delimited' }));
    expect(filesSql(sourceRelationSql(explicit, root))).toContain("read_json('");
    expect(await read(explicit)).toHaveLength(2);
  });

  it('reads a JSON array', async () => {
    const source = sourceNode(at('data/events.json', 'json', { format: 'array' }));
    expect(filesSql(sourceRelationSql(source, root))).toBe(
      `read_json('${root}/data/events.json', format = 'array')`,
    );
    expect((await read(source)).map((r) => r['kind'])).toEqual(['a', 'b', 'c']);
  });

  it('reads every file a Parquet glob matches', async () => {
    const source = sourceNode(at('data/part-*.parquet'));
    expect(filesSql(sourceRelationSql(source, root))).toBe(`read_parquet('${root}/data/part-*.parquet')`);
    expect((await read(source)).map((r) => r['id'])).toEqual([1, 2, 3]);
  });

  it('exposes the partition columns of a hive-partitioned folder', async () => {
    const source = sourceNode(at('hive', 'parquet', { hive_partitioning: true }));
    const sql = filesSql(sourceRelationSql(source, root));
    expect(sql).toBe(`read_parquet('${root}/hive/**/*.parquet', hive_partitioning = true)`);
    const rows = await read(source);
    expect(rows.map((r) => [r['id'], Number(r['year']), Number(r['month'])])).toEqual([
      [1, 2023, 1],
      [2, 2023, 2],
      [3, 2024, 1],
    ]);
    const slash = sourceRelationSql(sourceNode(at('hive/', 'parquet', { hive_partitioning: true })), root);
    expect(filesSql(slash)).toBe(sql);
  });

  it('infers the format from the extension, compressed or not', () => {
    const sql = (location: string) => filesSql(sourceRelationSql(sourceNode(at(location)), root));
    expect(sql('x/a.csv.gz')).toMatch(/^read_csv\(/);
    expect(sql('x/a.tsv')).toMatch(/^read_csv\(/);
    expect(sql('x/a.jsonl')).toMatch(/^read_ndjson\(/);
    expect(sql('x/a.json')).toMatch(/^read_json\(/);
    expect(sql('x/*.PARQUET')).toMatch(/^read_parquet\(/);
    expect(sql('/abs/a.csv')).toBe("read_csv('/abs/a.csv')");
    expect(sql('s3://bucket/raw/a.parquet')).toBe("read_parquet('s3://bucket/raw/a.parquet')");
  });

  it('escapes quotes in paths and option values', async () => {
    write("o'brien/data.csv", "id,note\n1,it's\n");
    const source = sourceNode(at("o'brien/data.csv", 'csv', { nullstr: "n'a" }));
    expect(filesSql(sourceRelationSql(source, root))).toBe(
      `read_csv('${root}/o''brien/data.csv', nullstr = 'n''a')`,
    );
    expect(await read(source)).toEqual([{ id: '1', note: "it's" }]);
  });
});

describe("sourceRelationSql: dbt-duckdb's meta.external_location", () => {
  it('fills {name} and {identifier} placeholders', async () => {
    const byName = sourceNode(at('data/{name}.csv'), { name: 'payments' });
    expect(filesSql(sourceRelationSql(byName, root))).toBe(`read_csv('${root}/data/payments.csv')`);
    const byIdentifier = sourceNode(at('data/{identifier}.csv'), { name: 'pay', identifier: 'payments' });
    expect(await read(byIdentifier)).toEqual([{ id: '1', total: '5' }]);
    const fromMeta = sourceNode(at('{root}/{schema}_{name}.parquet'), { meta: { root: 'lake' } });
    expect(filesSql(sourceRelationSql(fromMeta, root))).toBe(
      `read_parquet('${root}/lake/raw_trips.parquet')`,
    );
  });

  it('reads a whole reader expression, with its relative paths made project-relative', async () => {
    const source = sourceNode(at("read_csv('data/{name}.csv', delim = ';', header = true)"), {
      name: 'semi',
    });
    const relation = sourceRelationSql(source, root);
    expect(relation).toEqual({
      kind: 'files',
      sql: `read_csv('${root}/data/semi.csv', delim = ';', header = true)`,
      format: 'csv',
      paths: [`${root}/data/semi.csv`],
    });
    expect(await read(source)).toHaveLength(2);
    const list = sourceNode(at("read_parquet(['data/part-1.parquet', 'data/part-2.parquet'])"));
    expect((await read(list)).map((r) => r['id'])).toEqual([1, 2, 3]);
  });

  it('keeps struct literals and {{ }} escapes', () => {
    const source = sourceNode(at("read_csv('data/{name}.csv', columns = {{'id': 'INTEGER'}})"));
    expect(filesSql(sourceRelationSql(source, root))).toBe(
      `read_csv('${root}/data/trips.csv', columns = {'id': 'INTEGER'})`,
    );
    const literal = sourceNode(at("read_csv('data/x.csv', columns = {'id': 'INTEGER'})"));
    expect(filesSql(sourceRelationSql(literal, root))).toContain("columns = {'id': 'INTEGER'}");
  });

  it('accepts a location in single quotes, as dbt-duckdb writes it', () => {
    const source = sourceNode(at("'data/part-1.parquet'"));
    expect(filesSql(sourceRelationSql(source, root))).toBe(`read_parquet('${root}/data/part-1.parquet')`);
  });

  it('names the unknown placeholder and suggests the close one', () => {
    const error = thrown(() => sourceRelationSql(sourceNode(at('data/{nmae}.csv')), root));
    expect(error.code).toBe('LDP411');
    expect(error.message).toBe(
      "source('raw', 'trips'): the location 'data/{nmae}.csv' uses the unknown placeholder {nmae}",
    );
    expect(error.hint).toBe("Did you mean 'name'?");
    expect(error.span).toEqual({ file: 'models/sources.yml', line: 12, col: 7 });
  });
});

describe('sourceRelationSql: other kinds and errors', () => {
  it('describes Iceberg sources for the caller to resolve', () => {
    const source = sourceNode(
      at('ignored.db', 'iceberg', {
        catalog: '../lake/catalog.db',
        catalog_name: 'prod',
        namespace: 'bronze',
        table: 'trips_v2',
      }),
    );
    expect(sourceRelationSql(source, root)).toEqual({
      kind: 'iceberg',
      catalogPath: join(root, '../lake/catalog.db'),
      catalogName: 'prod',
      namespace: 'bronze',
      table: 'trips_v2',
    });
    expect(
      sourceRelationSql(sourceNode(at('warehouse/catalog.db', 'iceberg'), { identifier: 'yellow' }), root),
    ).toEqual({
      kind: 'iceberg',
      catalogPath: join(root, 'warehouse/catalog.db'),
      namespace: 'raw',
      table: 'yellow',
    });
  });

  it('returns the relation of a source without a location', () => {
    expect(sourceRelationSql(sourceNode(undefined), root)).toEqual({
      kind: 'relation',
      relation: { schema: 'raw', identifier: 'trips' },
    });
  });

  it('rejects an unknown reader option, suggesting the intended one', () => {
    const error = thrown(() =>
      sourceRelationSql(sourceNode(at('data/semi.csv', 'csv', { delimeter: ';' })), root),
    );
    expect(error.code).toBe('LDP410');
    expect(error.message).toBe("source('raw', 'trips'): 'delimeter' is not an option of read_csv");
    expect(error.hint).toBe("Did you mean 'delimiter'?");
    const iceberg = thrown(() => sourceRelationSql(sourceNode(at('c.db', 'iceberg', { tabel: 'x' })), root));
    expect(iceberg.code).toBe('LDP410');
    expect(iceberg.hint).toContain('catalog, catalog_name, namespace, table');
  });

  it('asks for a format when the extension does not tell', () => {
    const error = thrown(() => sourceRelationSql(sourceNode(at('data/trips.dat')), root));
    expect(error.code).toBe('LDP412');
    expect(error.message).toBe("source('raw', 'trips'): cannot tell the file format of 'data/trips.dat'");
    expect(error.hint).toContain('format: parquet, csv, json or ndjson');
    expect(error.span?.line).toBe(12);
  });
});
