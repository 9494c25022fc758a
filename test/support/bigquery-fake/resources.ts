import type { DatasetEntry, FakeStore, TableEntry } from './store.js';
import { legacyType } from './type-mapping.js';
import { type FieldSchema, invalid, type Row } from './types.js';

/** The REST `Dataset` resource of a stored dataset. */
export function datasetResource(d: DatasetEntry): Record<string, unknown> {
  return {
    kind: 'bigquery#dataset',
    id: `${d.project}:${d.dataset}`,
    datasetReference: { projectId: d.project, datasetId: d.dataset },
    location: d.location,
    labels: d.labels,
    ...(d.description !== undefined ? { description: d.description } : {}),
  };
}

/** The REST `Table` resource; `numRows`/`numBytes` are int64 values, so strings. */
export async function tableResource(store: FakeStore, t: TableEntry): Promise<Record<string, unknown>> {
  const rows = await store.rowCount(`"${t.project}__${t.dataset}"."${t.table}"`);
  return {
    kind: 'bigquery#table',
    id: `${t.project}:${t.dataset}.${t.table}`,
    tableReference: { projectId: t.project, datasetId: t.dataset, tableId: t.table },
    type: t.kind ?? 'TABLE',
    schema: t.schema,
    labels: t.labels,
    numRows: String(rows),
    numBytes: String(rows * t.schema.fields.length * 8),
    creationTime: String(t.created),
    lastModifiedTime: String(t.modified ?? t.created),
    location: store.dataset(t.project, t.dataset).location,
    ...(t.description !== undefined ? { description: t.description } : {}),
  };
}

/** Field types as the REST API answers them (legacy names), checked to be known ones. */
export function normalizeFields(fields: readonly FieldSchema[]): FieldSchema[] {
  const known =
    /^(INTEGER|FLOAT|NUMERIC|BIGNUMERIC|BOOLEAN|STRING|BYTES|DATE|DATETIME|TIME|TIMESTAMP|GEOGRAPHY|JSON|RECORD)$/;
  return fields.map((f) => {
    const type = legacyType(f.type);
    if (!known.test(type)) throw invalid(`Invalid field type: ${f.type}`, `schema.fields.${f.name}`);
    return {
      name: f.name,
      type,
      mode: f.mode ?? 'NULLABLE',
      ...(f.fields ? { fields: normalizeFields(f.fields) } : {}),
    };
  });
}

/** Page tokens are opaque to clients; the fake's encode the next row offset. */
export function pageToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

export function offsetOf(token: string | undefined, startIndex: string | undefined): number {
  if (token) {
    const text = Buffer.from(token, 'base64url').toString('utf8');
    if (!text.startsWith('offset:')) throw invalid('Invalid page token', 'pageToken');
    return Number(text.slice('offset:'.length));
  }
  return startIndex ? Number(startIndex) : 0;
}

/** Rows per page when the request sets no `maxResults` (BigQuery limits a page by its ~10 MB size). */
export const DEFAULT_PAGE_ROWS = 10_000;

export async function rowsPage(
  store: FakeStore,
  relation: string,
  fields: readonly FieldSchema[],
  total: number,
  query: Readonly<Record<string, string>>,
): Promise<{ rows?: Row[] | RawJson; pageToken?: string }> {
  const start = offsetOf(query['pageToken'], query['startIndex']);
  const size = query['maxResults'] !== undefined ? Number(query['maxResults']) : DEFAULT_PAGE_ROWS;
  const count = Math.max(0, Math.min(size, total - start));
  const json = await store.pageJson(relation, fields, start, size);
  const rows = json !== undefined ? new RawJson(json) : await store.page(relation, fields, start, size);
  const next = start + count;
  return {
    ...(count > 0 ? { rows } : {}),
    ...(next < total && count > 0 ? { pageToken: pageToken(next) } : {}),
  };
}

/** JSON text put into a response as it is (rows DuckDB already encoded). */
export class RawJson {
  constructor(readonly text: string | Buffer) {}
  toJSON(): string {
    return RAW_MARK;
  }
}

/** What a `RawJson` stands for in `JSON.stringify` output, replaced by its text when sending. */
export const RAW_MARK = '\u0000raw-json\u0000';
