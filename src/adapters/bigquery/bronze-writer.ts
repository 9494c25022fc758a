import { rm } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { TableField } from '@google-cloud/bigquery';
import type { DataFile, IcebergTable, WriteOptions } from '../../iceberg/index.js';
import { quoteIdentifier, quoteString } from '../../sql/index.js';
import { typedCellSql } from './bronze-types.js';
import type { PageFile } from './raw-pages.js';

/** The shape DuckDB reads a REST page with: cells as text (nested cells as their JSON). */
const PAGE_SHAPE = `'{"rows":[{"f":[{"v":"VARCHAR"}]}]}'`;

/**
 * Writes REST pages into Parquet data files of one table, never holding the whole result: pages
 * wait as files until about `rowsPerFile` rows are staged, then DuckDB reads them (each page
 * as one text, shaped by `json_transform`: several times faster than `read_json` on one large
 * object),
 * types every cell from the BigQuery schema and writes data files, and the pages are deleted.
 * Nothing is committed here: the caller commits all files as one snapshot.
 */
export class BronzeWriter {
  private staged: PageFile[] = [];
  private stagedRows = 0;
  private readonly files: DataFile[] = [];
  rows = 0;

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly fields: readonly TableField[],
    private readonly rowsPerFile: number,
  ) {}

  /** The typed rows of `cells` (a relation with one column `f`: a row's cells). */
  private typedFrom(cells: string): string {
    const columns = this.fields.map(
      (f, i) => `${typedCellSql(f, `f[${i + 1}].v`)} AS ${quoteIdentifier(f.name!)}`,
    );
    return `SELECT ${columns.join(', ')} FROM ${cells}`;
  }

  /** The table's typed columns, without rows: what a new table is created from. */
  get typedSql(): string {
    return this.typedFrom(`(SELECT CAST(NULL AS STRUCT(v VARCHAR)[]) AS f WHERE false)`);
  }

  /** Stages one page; writes data files once about `rowsPerFile` rows wait. */
  async append(page: PageFile, table: IcebergTable, options: WriteOptions): Promise<void> {
    this.staged.push(page);
    this.stagedRows += page.maxRows;
    if (this.stagedRows >= this.rowsPerFile) await this.flush(table, options);
  }

  /** Writes the staged pages as data files and deletes them. */
  async flush(table: IcebergTable, options: WriteOptions): Promise<void> {
    if (this.staged.length === 0) return;
    const pages = this.staged;
    this.staged = [];
    this.stagedRows = 0;
    const list = `[${pages.map((p) => quoteString(p.path)).join(', ')}]`;
    const rows = `SELECT unnest(json_transform(content, ${PAGE_SHAPE}).rows) AS r FROM read_text(${list})`;
    const written = await table.writeFiles(
      this.conn,
      this.typedFrom(`(SELECT r.f AS f FROM (${rows}))`),
      options,
    );
    for (const file of written) this.rows += file.recordCount;
    this.files.push(...written);
    await Promise.all(pages.map((p) => rm(p.path, { force: true })));
  }

  /** Flushes what is left and returns every data file written. */
  async finish(table: IcebergTable, options: WriteOptions): Promise<DataFile[]> {
    await this.flush(table, options);
    return this.files;
  }
}
