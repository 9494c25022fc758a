import type { JobSummary } from '../job-runner.js';

/** The jobs one step ran, summed: what its result line and `adapter_response` report. */
export interface StepJobs {
  readonly jobs: readonly JobSummary[];
  /** dbt-bigquery's code of the step's main statement (`CREATE TABLE`, `MERGE`, `SELECT`). */
  readonly code: string;
  readonly rowsAffected?: number;
}

/** `project:LOCATION.job_id` → its parts (dbt-bigquery records them apart). */
function jobParts(jobId: string): { projectId: string; location?: string; id: string } {
  const match = /^([^:]*):([^.]*)\.(.+)$/.exec(jobId);
  if (!match) return { projectId: '', id: jobId };
  return { projectId: match[1]!, ...(match[2] ? { location: match[2] } : {}), id: match[3]! };
}

/**
 * dbt-bigquery's `adapter_response`: `_message`, `code`, `rows_affected`, `bytes_processed`,
 * `bytes_billed`, `location`, `project_id`, `job_id`, `slot_ms` (the keys of its
 * `BigQueryAdapterResponse`). A step of several jobs sums bytes and slot time and names its
 * last job (the one that wrote); `job_ids` lists them all.
 */
export function adapterResponse(step: StepJobs): Record<string, unknown> {
  const last = step.jobs.at(-1);
  const parts = last ? jobParts(last.jobId) : undefined;
  const bytesProcessed = sum(step.jobs, (j) => j.bytesProcessed);
  return {
    _message: `${step.code} (${rowsText(step.rowsAffected)}${formatBytes(bytesProcessed)} processed)`,
    code: step.code,
    ...(step.rowsAffected !== undefined ? { rows_affected: step.rowsAffected } : {}),
    bytes_processed: bytesProcessed,
    bytes_billed: sum(step.jobs, (j) => j.bytesBilled),
    ...(last?.location || parts?.location ? { location: last?.location ?? parts?.location } : {}),
    ...(parts ? { project_id: parts.projectId, job_id: parts.id } : {}),
    slot_ms: sum(step.jobs, (j) => j.slotMs),
    ...(step.jobs.length > 1 ? { job_ids: step.jobs.map((j) => j.jobId) } : {}),
  };
}

/** The result line's detail: `CREATE TABLE (12 rows, 1.2 KiB processed, 3 slot ms, job p:US.j)`. */
export function resultDetail(step: StepJobs): string {
  const last = step.jobs.at(-1);
  const bytes = formatBytes(sum(step.jobs, (j) => j.bytesProcessed));
  const slots = sum(step.jobs, (j) => j.slotMs);
  return `${step.code} (${rowsText(step.rowsAffected)}${bytes} processed, ${slots} slot ms${last ? `, job ${last.jobId}` : ''})`;
}

function rowsText(rows: number | undefined): string {
  return rows === undefined ? '' : `${rows} row${rows === 1 ? '' : 's'}, `;
}

function sum(jobs: readonly JobSummary[], of: (job: JobSummary) => number): number {
  return jobs.reduce((total, job) => total + (Number.isFinite(of(job)) ? of(job) : 0), 0);
}

/** Bytes as BigQuery's console shows them (binary units). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
