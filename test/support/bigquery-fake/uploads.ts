import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FakeJobs } from './jobs.js';
import { normalizeFields } from './resources.js';
import { duckName, type FakeStore } from './store.js';
import { duckType } from './type-mapping.js';
import { FakeError, invalid } from './types.js';

/** The two parts of a `multipart/related` upload: the job resource (JSON) and the data. */
export function splitMultipart(
  contentType: string,
  body: Buffer,
): { metadata: Record<string, unknown>; data: Buffer } {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) throw invalid('Missing multipart boundary', 'Content-Type');
  const text = body.toString('latin1');
  const parts = text
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => part.slice(part.indexOf('\r\n\r\n') + 4).replace(/\r\n$/, ''));
  if (parts.length !== 2) throw invalid(`A multipart upload has 2 parts, found ${parts.length}`);
  return {
    metadata: JSON.parse(Buffer.from(parts[0]!, 'latin1').toString('utf8')) as Record<string, unknown>,
    data: Buffer.from(parts[1]!, 'latin1'),
  };
}

/** Sessions of resumable uploads: the job resource waits here until its data arrives. */
export class ResumableUploads {
  private readonly sessions = new Map<string, Record<string, unknown>>();

  open(metadata: Record<string, unknown>): string {
    const id = randomUUID();
    this.sessions.set(id, metadata);
    return id;
  }

  take(id: string): Record<string, unknown> {
    const metadata = this.sessions.get(id);
    if (!metadata) throw new FakeError(404, { reason: 'notFound', message: `No upload session ${id}` });
    this.sessions.delete(id);
    return metadata;
  }
}

/** Runs a load job: the uploaded CSV or newline-delimited JSON lands in the destination table. */
export async function runLoadJob(
  store: FakeStore,
  jobs: FakeJobs,
  project: string,
  metadata: Record<string, unknown>,
  data: Buffer,
): Promise<Record<string, unknown>> {
  const configuration = (metadata['configuration'] ?? {}) as Record<string, unknown>;
  const load = (configuration['load'] ?? {}) as Record<string, unknown>;
  const destination = (load['destinationTable'] ?? {}) as Record<string, string>;
  const reference = (metadata['jobReference'] ?? {}) as Record<string, string>;
  const dataset = destination['datasetId']!;
  const table = destination['tableId']!;
  const tableProject = destination['projectId'] ?? project;
  const given = load['schema'] as { fields: [] } | undefined;
  const exists = store.tables.has(`${tableProject}:${dataset}.${table}`);
  if (!exists || load['writeDisposition'] === 'WRITE_TRUNCATE') {
    const schema = given
      ? { fields: normalizeFields(given.fields) }
      : store.table(tableProject, dataset, table).schema;
    await store.createTable({ project: tableProject, dataset, table, schema });
  }
  const entry = store.table(tableProject, dataset, table);
  const folder = mkdtempSync(join(tmpdir(), 'bq-fake-load-'));
  const file = join(folder, 'data');
  writeFileSync(file, data);
  const columns = `{${entry.schema.fields.map((f) => `'${f.name}': '${duckType(f)}'`).join(', ')}}`;
  const reader =
    load['sourceFormat'] === 'NEWLINE_DELIMITED_JSON'
      ? `read_json('${file}', format = 'newline_delimited', columns = ${columns})`
      : `read_csv('${file}', header = ${Number(load['skipLeadingRows'] ?? 0) > 0}, columns = ${columns})`;
  const relation = duckName(tableProject, dataset, table);
  const before = await store.rowCount(relation);
  try {
    store.changed();
    await store.conn.run(`INSERT INTO ${relation} SELECT * FROM ${reader}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  const rows = (await store.rowCount(relation)) - before;
  const jobId = reference['jobId'] ?? randomUUID();
  const location = store.dataset(tableProject, dataset).location;
  const resource = {
    kind: 'bigquery#job',
    id: `${project}:${location}.${jobId}`,
    jobReference: { projectId: project, jobId, location },
    configuration: { ...configuration, jobType: 'LOAD' },
    status: { state: 'DONE' },
    statistics: {
      creationTime: String(Date.now()),
      load: { inputFileBytes: String(data.length), outputRows: String(rows) },
    },
  };
  jobs.jobs.set(`${project}:${jobId}`, { resource });
  return resource;
}
