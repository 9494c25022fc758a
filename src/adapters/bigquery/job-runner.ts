import type { Job, TableField } from '@google-cloud/bigquery';
import { type BigQueryFault, faultOf, jobFailed, RETRYABLE_REASONS } from './bigquery-errors.js';
import type { BigQueryConnection } from './client.js';
import { JobSlots } from './job-slots.js';

/** A row as the REST API sends it: `f` cells whose `v` is a string, null, a record or a list. */
export interface RawRow {
  readonly f: readonly { readonly v: unknown }[];
}

/** What a finished query job reports (dbt's `adapter_response` for BigQuery). */
export interface JobSummary {
  /** `project:location.job_id`, as the console and `bq show -j` name it. */
  readonly jobId: string;
  readonly location?: string;
  readonly bytesProcessed: number;
  readonly bytesBilled: number;
  readonly slotMs: number;
  /** What the statement was (`SELECT`, `CREATE_TABLE_AS_SELECT`, `MERGE`, `SCRIPT`, …). */
  readonly statementType?: string;
  /** Rows a DML statement inserted, updated or deleted (`numDmlAffectedRows`). */
  readonly rowsAffected?: number;
}

export interface QueryJobResult extends JobSummary {
  readonly schema: readonly TableField[];
  readonly totalRows: number;
  /** The result's rows, page by page (`maxResults` rows per request); each page read once. */
  pages(): AsyncGenerator<readonly RawRow[]>;
}

export interface QueryOptions {
  /** Rows per result page. */
  readonly pageSize?: number;
  /** Labels added to the target's labels for this job. */
  readonly labels?: Readonly<Record<string, string>>;
  /** The run stopping (--fail-fast, Ctrl-C): the job, if it is running, is cancelled (`jobs.cancel`). */
  readonly signal?: AbortSignal;
}

const DEFAULT_PAGE_SIZE = 50_000;

/**
 * Runs jobs on one BigQuery target: at most `threads` at once, with the target's priority,
 * timeout, byte limit and labels; a job that fails for a transient reason is started again up
 * to `job_retries` times. Failures carry BigQuery's message and the job id (`LDP491`).
 */
export class BigQueryJobRunner {
  private readonly slots: JobSlots;

  constructor(private readonly connection: BigQueryConnection) {
    this.slots = new JobSlots(connection.options.threads);
  }

  /** Runs `sql` as a query job and returns its summary and a reader of its result pages. */
  query(sql: string, options: QueryOptions = {}): Promise<QueryJobResult> {
    return this.slots.run(() => this.withRetries(() => this.runQuery(sql, options)));
  }

  /** A dry run: the bytes `sql` would process, without running it (and without cost). */
  dryRun(sql: string): Promise<{ bytesProcessed: number; schema: readonly TableField[] }> {
    return this.slots.run(async () => {
      const [job] = await this.create(sql, { dryRun: true });
      const stats = job.metadata?.statistics ?? {};
      return {
        bytesProcessed: Number(stats.totalBytesProcessed ?? 0),
        schema: stats.query?.schema?.fields ?? [],
      };
    });
  }

  private async withRetries<T>(attempt: () => Promise<T>): Promise<T> {
    for (let tries = 0; ; tries++) {
      try {
        return await attempt();
      } catch (error) {
        const retryable = error instanceof RetryableJobFailure && tries < this.connection.options.jobRetries;
        if (!retryable) throw error instanceof RetryableJobFailure ? error.cause : error;
      }
    }
  }

  private async create(sql: string, extra: { dryRun?: boolean; labels?: Readonly<Record<string, string>> }) {
    const o = this.connection.options;
    const labels = { ...o.labels, ...(extra.labels ?? {}) };
    try {
      return await this.connection.client.createQueryJob({
        query: sql,
        useLegacySql: false,
        priority: o.priority === 'batch' ? 'BATCH' : 'INTERACTIVE',
        ...(o.location ? { location: o.location } : {}),
        ...(o.maximumBytesBilled !== undefined ? { maximumBytesBilled: String(o.maximumBytesBilled) } : {}),
        ...(o.jobTimeoutSeconds !== undefined ? { jobTimeoutMs: o.jobTimeoutSeconds * 1000 } : {}),
        ...(Object.keys(labels).length > 0 ? { labels } : {}),
        ...(extra.dryRun ? { dryRun: true } : {}),
      });
    } catch (error) {
      throw this.failure(faultOf(error), jobIdOf((error as { response?: unknown }).response));
    }
  }

  private async runQuery(sql: string, options: QueryOptions): Promise<QueryJobResult> {
    const [job, created] = await this.create(sql, { ...(options.labels ? { labels: options.labels } : {}) });
    const jobId =
      jobIdOf(created) ?? `${this.connection.options.executionProject}:${job.location ?? ''}.${job.id}`;
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    // A job keeps running (and billing) on BigQuery when the client stops waiting: cancel it. Its
    // results request then answers the job's end (reason `stopped`), which fails this step.
    const cancel = () => {
      job.cancel().catch(() => undefined);
    };
    if (options.signal?.aborted) cancel();
    options.signal?.addEventListener('abort', cancel, { once: true });
    let first: Awaited<ReturnType<BigQueryJobRunner['resultsPage']>>;
    try {
      first = await this.resultsPage(job, jobId, { maxResults: pageSize });
    } finally {
      options.signal?.removeEventListener('abort', cancel);
    }
    const [metadata] = await job.getMetadata().catch((error: unknown) => {
      throw this.failure(faultOf(error), jobId);
    });
    const stats = metadata.statistics ?? {};
    const readPage = (pageToken: string) => this.resultsPage(job, jobId, { maxResults: pageSize, pageToken });
    return {
      jobId,
      ...(job.location ? { location: job.location } : {}),
      bytesProcessed: Number(stats.totalBytesProcessed ?? 0),
      bytesBilled: Number(stats.query?.totalBytesBilled ?? 0),
      slotMs: Number(stats.totalSlotMs ?? stats.query?.totalSlotMs ?? 0),
      ...(stats.query?.statementType ? { statementType: stats.query.statementType } : {}),
      ...(stats.query?.numDmlAffectedRows !== undefined
        ? { rowsAffected: Number(stats.query.numDmlAffectedRows) }
        : {}),
      schema: first.schema,
      totalRows: first.totalRows,
      async *pages() {
        let page = first;
        while (true) {
          if (page.rows.length > 0) yield page.rows;
          if (!page.pageToken) return;
          page = await readPage(page.pageToken);
        }
      },
    };
  }

  /** One page of results; a job still running is asked again until it completes. */
  private async resultsPage(
    job: Job,
    jobId: string,
    query: { maxResults: number; pageToken?: string },
  ): Promise<{ rows: RawRow[]; pageToken?: string; schema: TableField[]; totalRows: number }> {
    while (true) {
      let response: Record<string, unknown>;
      let rows: RawRow[];
      try {
        const answer = await job.getQueryResults({
          ...query,
          autoPaginate: false,
          skipParsing: true,
          timeoutMs: 10_000,
        });
        rows = (answer[0] ?? []) as unknown as RawRow[];
        response = (answer[2] ?? {}) as Record<string, unknown>;
      } catch (error) {
        throw this.failure(faultOf(error), jobId);
      }
      if (response['jobComplete'] === false) continue;
      const schema = ((response['schema'] as { fields?: TableField[] } | undefined)?.fields ??
        []) as TableField[];
      return {
        rows,
        ...(typeof response['pageToken'] === 'string' ? { pageToken: response['pageToken'] } : {}),
        schema,
        totalRows: Number(response['totalRows'] ?? rows.length),
      };
    }
  }

  private failure(fault: BigQueryFault, jobId: string | undefined): Error {
    const error = jobFailed(fault, jobId, this.connection.redact);
    return fault.reason && RETRYABLE_REASONS.has(fault.reason) ? new RetryableJobFailure(error) : error;
  }
}

/** A transient failure, to be retried by `withRetries` (never seen outside this file). */
class RetryableJobFailure extends Error {
  constructor(override readonly cause: Error) {
    super(cause.message);
  }
}

/** `project:location.job_id` from a job resource. */
function jobIdOf(resource: unknown): string | undefined {
  const ref = (
    resource as { jobReference?: { projectId?: string; jobId?: string; location?: string } } | undefined
  )?.jobReference;
  if (!ref?.jobId) return undefined;
  return `${ref.projectId ?? ''}:${ref.location ?? ''}.${ref.jobId}`;
}
