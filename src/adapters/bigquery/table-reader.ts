import type { TableField } from '@google-cloud/bigquery';
import { faultOf, jobFailed } from './bigquery-errors.js';
import type { BigQueryConnection } from './client.js';
import type { BigQueryJobRunner } from './job-runner.js';
import { type PageFile, rawPages } from './raw-pages.js';

/** The rows of a source: their BigQuery schema and their pages as files (see `rawPages`). */
export interface SourceRows {
  readonly schema: readonly TableField[];
  pages(dir: string): AsyncGenerator<PageFile>;
  readonly jobId?: string;
  readonly bytesProcessed?: number;
}

const segment = encodeURIComponent;

/**
 * A whole table read with `tabledata.list`, page by page: no query job, so nothing is billed
 * for scanning. Failures carry BigQuery's message (`LDP491`, without a job id).
 */
export async function readTable(
  connection: BigQueryConnection,
  ref: { project: string; dataset: string; table: string },
  pageSize: number,
): Promise<SourceRows> {
  const table = connection.client.dataset(ref.dataset, { projectId: ref.project }).table(ref.table);
  const [metadata] = await table.getMetadata().catch((error: unknown) => {
    throw jobFailed(faultOf(error), undefined, connection.redact);
  });
  const path = `/projects/${segment(ref.project)}/datasets/${segment(ref.dataset)}/tables/${segment(ref.table)}/data`;
  return {
    schema: (metadata.schema?.fields ?? []) as TableField[],
    pages: (dir) => rawPages(connection, { path, pageSize, dir }),
  };
}

/**
 * The rows of a query: the job runs (with the target's settings and retries) and is awaited
 * with `maxResults=0` — its schema and statistics, no rows — then its result pages are read
 * like a table's.
 */
export async function readQuery(
  connection: BigQueryConnection,
  runner: BigQueryJobRunner,
  sql: string,
  pageSize: number,
): Promise<SourceRows> {
  const job = await runner.query(sql, { pageSize: 0 });
  // `project:LOCATION.job_id`, as the runner names jobs.
  const [, project, location, id] = /^([^:]*):([^.]*)\.(.*)$/.exec(job.jobId) ?? [];
  const path = `/projects/${segment(project ?? '')}/queries/${segment(id ?? '')}`;
  return {
    schema: job.schema,
    jobId: job.jobId,
    bytesProcessed: job.bytesProcessed,
    pages: (dir) =>
      rawPages(connection, {
        path,
        pageSize,
        dir,
        jobId: job.jobId,
        ...(location ? { query: { location } } : {}),
      }),
  };
}
