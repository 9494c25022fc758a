import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { duckType, fieldForDuckType, nestedCell, restCellJsonSql, restValueSql } from './type-mapping.js';
import { type FieldSchema, notFound, type Row, type TableSchema } from './types.js';

export interface DatasetEntry {
  readonly project: string;
  readonly dataset: string;
  location: string;
  labels: Record<string, string>;
  description?: string;
}

export interface TableEntry {
  readonly project: string;
  readonly dataset: string;
  readonly table: string;
  schema: TableSchema;
  labels: Record<string, string>;
  description?: string;
  readonly created: number;
  /** `lastModifiedTime` (ms since the epoch) when a test sets it; the creation time otherwise. */
  modified?: number;
  /** A view made by `CREATE VIEW` (tables.get answers `type: VIEW`); a table when absent. */
  readonly kind?: 'VIEW';
}

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Where the fake keeps a BigQuery table in its DuckDB: schema `<project>__<dataset>`. */
export function duckName(project: string, dataset: string, table: string): string {
  return `${q(`${project}__${dataset}`)}.${q(table)}`;
}

/** A table's rows encoded once as REST JSON: row `i` is `text[offsets[i], offsets[i+1] - 1)`. */
interface EncodedRows {
  readonly fields: string;
  readonly text: Buffer;
  readonly offsets: Float64Array;
}

/** A row of scalar columns as REST JSON text (`{"f":[{"v":…},…]}`); undefined if any is nested. */
function restRowJsonSql(fields: readonly FieldSchema[]): string | undefined {
  if (fields.some((f) => f.mode === 'REPEATED' || f.type === 'RECORD' || f.type === 'STRUCT'))
    return undefined;
  if (fields.length === 0) return `'{"f":[]}'`;
  return `'{"f":[' || ${fields.map((f) => restCellJsonSql(f, q(f.name))).join(` || ',' || `)} || ']}'`;
}

/** Datasets and tables of the fake, their rows in an in-memory DuckDB. */
export class FakeStore {
  readonly datasets = new Map<string, DatasetEntry>();
  readonly tables = new Map<string, TableEntry>();
  private readonly encoded = new Map<string, EncodedRows>();

  private constructor(readonly conn: DuckDBConnection) {}

  static async open(): Promise<FakeStore> {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run("SET TimeZone = 'UTC'");
    // DuckDB 1.5's top-N window rewrite (`qualify row_number() over (…) = 1`) stops with an
    // internal error ("Failed to cast expression to type") when a filter on a computed column
    // sits below the window, as in a deduplicating model; the rewrite only picks a plan, so
    // without it every query answers the same rows.
    await conn.run("SET disabled_optimizers = 'top_n_window_elimination'");
    // GoogleSQL functions the fake's queries use, as DuckDB macros.
    await conn.run('CREATE MACRO timestamp_micros(us) AS CAST(make_timestamp(us) AS TIMESTAMPTZ)');
    await conn.run('CREATE MACRO datetime_diff(a, b, part) AS date_diff(part, b, a)');
    await conn.run('CREATE MACRO timestamp_diff(a, b, part) AS date_diff(part, b, a)');
    await conn.run('CREATE MACRO datetime_add(t, i) AS t + i');
    return new FakeStore(conn);
  }

  dataset(project: string, dataset: string): DatasetEntry {
    const found = this.datasets.get(`${project}:${dataset}`);
    if (!found) throw notFound(`Not found: Dataset ${project}:${dataset}`);
    return found;
  }

  table(project: string, dataset: string, table: string): TableEntry {
    this.dataset(project, dataset);
    const found = this.tables.get(`${project}:${dataset}.${table}`);
    if (!found) throw notFound(`Not found: Table ${project}:${dataset}.${table}`);
    return found;
  }

  async createDataset(entry: DatasetEntry): Promise<void> {
    this.datasets.set(`${entry.project}:${entry.dataset}`, entry);
    await this.conn.run(`CREATE SCHEMA IF NOT EXISTS ${q(`${entry.project}__${entry.dataset}`)}`);
  }

  async deleteDataset(project: string, dataset: string): Promise<void> {
    this.dataset(project, dataset);
    this.changed();
    for (const [key, table] of this.tables)
      if (table.project === project && table.dataset === dataset) this.tables.delete(key);
    this.datasets.delete(`${project}:${dataset}`);
    await this.conn.run(`DROP SCHEMA ${q(`${project}__${dataset}`)} CASCADE`);
  }

  /**
   * Encodes a table's rows once, so pages of it are served without encoding them again (what a
   * benchmark needs from the fake). The encoding is forgotten when the fake changes any table
   * (`changed`); writes made directly through `conn` bypass the fake and must not be mixed with it.
   */
  async preEncode(project: string, dataset: string, table: string): Promise<void> {
    const relation = duckName(project, dataset, table);
    const fields = this.table(project, dataset, table).schema.fields;
    const row = restRowJsonSql(fields);
    if (row === undefined) throw new Error('pre-encoding covers tables without nested columns');
    // Chunks of rows in scan order (the order pages list them in), each with its rows' byte lengths.
    const reader = await this.conn.runAndReadAll(
      `SELECT string_agg(row, ',' ORDER BY i) AS text, list(strlen(row) ORDER BY i) AS lengths
       FROM (SELECT ${row} AS row, rowid AS i, rowid // 10000 AS chunk FROM ${relation})
       GROUP BY chunk ORDER BY chunk`,
    );
    const chunks: Buffer[] = [];
    const lengths: number[] = [];
    for (const [text, chunkLengths] of reader.getRows()) {
      if (chunks.length > 0) chunks.push(Buffer.from(','));
      chunks.push(Buffer.from(String(text), 'utf8'));
      for (const length of (chunkLengths as { items: unknown[] }).items) lengths.push(Number(length));
    }
    const offsets = new Float64Array(lengths.length + 1);
    for (let i = 0; i < lengths.length; i++) offsets[i + 1] = offsets[i]! + lengths[i]! + 1;
    this.encoded.set(relation, { fields: JSON.stringify(fields), text: Buffer.concat(chunks), offsets });
  }

  /** Forgets every pre-encoded table: called whenever the fake changes a table's rows or schema. */
  changed(): void {
    this.encoded.clear();
  }

  /** Creates (or replaces) a table; `rowsSql` is a DuckDB query giving its rows in schema order. */
  async createTable(
    entry: Omit<TableEntry, 'created' | 'labels'> & { labels?: Record<string, string> },
    rowsSql?: string,
  ): Promise<TableEntry> {
    this.dataset(entry.project, entry.dataset);
    this.changed();
    const columns = entry.schema.fields.map((f) => `${q(f.name)} ${duckType(f)}`).join(', ');
    const name = duckName(entry.project, entry.dataset, entry.table);
    await this.conn.run(`CREATE OR REPLACE TABLE ${name} (${columns})`);
    if (rowsSql) await this.conn.run(`INSERT INTO ${name} ${rowsSql}`);
    const stored = { labels: {}, ...entry, created: Date.now() };
    this.tables.set(`${entry.project}:${entry.dataset}.${entry.table}`, stored);
    return stored;
  }

  async deleteTable(project: string, dataset: string, table: string): Promise<void> {
    this.table(project, dataset, table);
    this.changed();
    this.tables.delete(`${project}:${dataset}.${table}`);
    await this.conn.run(`DROP TABLE ${duckName(project, dataset, table)}`);
  }

  async rowCount(relation: string): Promise<number> {
    const reader = await this.conn.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM ${relation}`);
    return Number(reader.getRows()[0]![0]);
  }

  /** One page of a relation's rows in the REST shape (`f`/`v`, values as strings). */
  async page(relation: string, fields: readonly FieldSchema[], start: number, size: number): Promise<Row[]> {
    if (fields.length === 0) return [];
    const select = fields.map((f) => restValueSql(f, q(f.name))).join(', ');
    const reader = await this.conn.runAndReadAll(
      `SELECT ${select} FROM ${relation} LIMIT ${size} OFFSET ${start}`,
    );
    const nested = fields.map((f) => f.mode === 'REPEATED' || f.type === 'RECORD' || f.type === 'STRUCT');
    return reader.getRows().map((values) => ({
      f: values.map((value, i) => {
        if (value === null) return { v: null };
        return nested[i] ? nestedCell(fields[i]!, JSON.parse(String(value))) : { v: String(value) };
      }),
    }));
  }

  /**
   * The same page as JSON text of the `rows` array, built by DuckDB (fast for large pages) or
   * cut from the pre-encoded rows; undefined when a column is nested (those cells are shaped in
   * JavaScript by `page`).
   */
  async pageJson(
    relation: string,
    fields: readonly FieldSchema[],
    start: number,
    size: number,
  ): Promise<Buffer | string | undefined> {
    const encoded = this.encoded.get(relation);
    if (encoded && encoded.fields === JSON.stringify(fields)) {
      const rows = encoded.offsets.length - 1;
      const from = Math.min(start, rows);
      const to = Math.min(start + size, rows);
      if (to <= from) return '[]';
      const body = encoded.text.subarray(encoded.offsets[from]!, encoded.offsets[to]! - 1);
      return Buffer.concat([Buffer.from('['), body, Buffer.from(']')]);
    }
    const row = restRowJsonSql(fields);
    if (row === undefined) return undefined;
    if (fields.length === 0) return '[]';
    const reader = await this.conn.runAndReadAll(
      `SELECT coalesce(string_agg(${row}, ','), '') AS rows
       FROM (SELECT * FROM ${relation} LIMIT ${size} OFFSET ${start})`,
    );
    return `[${String(reader.getRows()[0]![0])}]`;
  }

  /** The BigQuery schema of a DuckDB relation; columns named like a stored column keep its type. */
  async schemaOf(relation: string, known: readonly FieldSchema[]): Promise<TableSchema> {
    const reader = await this.conn.runAndReadAll(`DESCRIBE SELECT * FROM ${relation}`);
    const byName = new Map(known.map((f) => [f.name.toLowerCase(), f]));
    return {
      fields: reader.getRowObjectsJson().map((row) => {
        const name = String(row['column_name']);
        const duck = String(row['column_type']);
        const stored = byName.get(name.toLowerCase());
        return stored && duckType(stored) === duck ? { ...stored, name } : fieldForDuckType(name, duck);
      }),
    };
  }
}
