import { randomUUID } from 'node:crypto';
import type { DuckDBAppender, DuckDBConnection } from '@duckdb/node-api';
import type { TableField } from '@google-cloud/bigquery';
import type { DataFile, IcebergTable, WriteOptions } from '../../iceberg/index.js';
import { quoteIdentifier } from '../../sql/index.js';
import { castFromText, isNested, nestedJson } from './bronze-types.js';
import type { RawRow } from './job-runner.js';

/**
 * Streams REST rows into Parquet data files of one table, never holding the whole result: rows
 * are appended as text to a DuckDB staging table; every `rowsPerFile` rows DuckDB casts them to
 * the column types and writes a data file, and the staging table is emptied. Nothing is
 * committed here: the caller commits all files as one snapshot.
 */
export class BronzeWriter {
  private appender: DuckDBAppender | undefined;
  private staged = 0;
  private readonly files: DataFile[] = [];
  private readonly nested: boolean[];
  rows = 0;

  private constructor(
    private readonly conn: DuckDBConnection,
    private readonly staging: string,
    private readonly fields: readonly TableField[],
    private readonly rowsPerFile: number,
  ) {
    this.nested = fields.map(isNested);
  }

  static async open(
    conn: DuckDBConnection,
    fields: readonly TableField[],
    rowsPerFile: number,
  ): Promise<BronzeWriter> {
    const staging = `__ldp_bigquery_${randomUUID().replaceAll('-', '')}`;
    const columns = fields.map((_, i) => `c${i} VARCHAR`).join(', ');
    await conn.run(`CREATE TEMP TABLE ${staging} (${columns || 'c0 VARCHAR'})`);
    return new BronzeWriter(conn, staging, fields, rowsPerFile);
  }

  /** The staged rows, typed: the query every data file is written from. */
  get typedSql(): string {
    const columns = this.fields.map((f, i) => `${castFromText(f, `c${i}`)} AS ${quoteIdentifier(f.name!)}`);
    return `SELECT ${columns.join(', ')} FROM ${this.staging}`;
  }

  async append(rows: readonly RawRow[], table: IcebergTable, options: WriteOptions): Promise<void> {
    this.appender ??= await this.conn.createAppender(this.staging, 'main', 'temp');
    const appender = this.appender;
    const width = this.fields.length;
    for (const row of rows) {
      const cells = row.f;
      for (let i = 0; i < width; i++) {
        const value = cells[i]?.v;
        if (value === null || value === undefined) appender.appendNull();
        else appender.appendVarchar(this.nested[i] ? nestedJson(this.fields[i]!, value) : (value as string));
      }
      appender.endRow();
    }
    this.staged += rows.length;
    this.rows += rows.length;
    if (this.staged >= this.rowsPerFile) await this.flush(table, options);
  }

  /** Writes the staged rows as data files and empties the staging table. */
  async flush(table: IcebergTable, options: WriteOptions): Promise<void> {
    if (this.appender) {
      this.appender.flushSync();
      this.appender.closeSync();
      this.appender = undefined;
    }
    if (this.staged === 0) return;
    this.files.push(...(await table.writeFiles(this.conn, this.typedSql, options)));
    await this.conn.run(`TRUNCATE ${this.staging}`);
    this.staged = 0;
  }

  /** Flushes what is left and returns every data file written. */
  async finish(table: IcebergTable, options: WriteOptions): Promise<DataFile[]> {
    await this.flush(table, options);
    return this.files;
  }

  async close(): Promise<void> {
    this.appender?.closeSync();
    this.appender = undefined;
    await this.conn.run(`DROP TABLE IF EXISTS ${this.staging}`);
  }
}
