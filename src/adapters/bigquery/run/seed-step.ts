import { LdpError } from '../../../errors/index.js';
import type { PlannedStep } from '../../../model/execution-plan.js';
import type { StepOutcome } from '../../../model/run-result.js';
import { faultOf, jobFailed } from '../bigquery-errors.js';
import { seedLoadSchema } from '../seed-schema.js';
import { type StepJobRunner, success } from './step-executor.js';

type SeedStep = Extract<PlannedStep, { kind: 'seed' }>;

/** A seed's CSV columns and the DuckDB types ldp infers for them (the local engine reads the file). */
export type SeedColumns = (
  step: SeedStep,
) => Promise<readonly { readonly name: string; readonly inferredType: string }[]>;

/**
 * A seed is one load job: the CSV uploaded with the job (a multipart request), its schema from
 * `column_types` or the types inferred locally, replacing the table's rows (`WRITE_TRUNCATE`).
 * Load jobs cost nothing; BigQuery creates the table when it does not exist.
 */
export async function loadSeed(step: SeedStep, jobs: StepJobRunner): Promise<StepOutcome> {
  const relation = step.common.relation!;
  const fields = seedLoadSchema(await jobs.context.seedColumns(step), step.csv.columnTypes ?? {});
  const { connection } = jobs.context;
  const project = relation.database || connection.options.project;
  const table = connection.client.dataset(relation.schema, { projectId: project }).table(relation.identifier);
  let metadata: Record<string, unknown>;
  try {
    [metadata] = (await table.load(step.csvPath, {
      sourceFormat: 'CSV',
      skipLeadingRows: 1,
      fieldDelimiter: step.csv.delimiter ?? ',',
      allowQuotedNewlines: true,
      schema: { fields: fields as never },
      writeDisposition: 'WRITE_TRUNCATE',
      createDisposition: 'CREATE_IF_NEEDED',
      ...(connection.options.location ? { location: connection.options.location } : {}),
    })) as unknown as [Record<string, unknown>];
  } catch (error) {
    const fault = faultOf(error);
    const jobId = (error as { response?: { jobReference?: { jobId?: string } } }).response?.jobReference
      ?.jobId;
    throw new LdpError(
      {
        ...jobFailed(fault, jobId, connection.redact).toInit(),
        span: { file: step.csvFile, line: 1, col: 1 },
      },
      { cause: error },
    );
  }
  const reference = (metadata['jobReference'] ?? {}) as {
    projectId?: string;
    location?: string;
    jobId?: string;
  };
  const load = ((metadata['statistics'] as Record<string, unknown> | undefined)?.['load'] ?? {}) as {
    outputRows?: string;
  };
  const rows = Number(load.outputRows ?? 0);
  jobs.jobs.push({
    jobId: `${reference.projectId ?? project}:${reference.location ?? ''}.${reference.jobId ?? ''}`,
    ...(reference.location ? { location: reference.location } : {}),
    bytesProcessed: 0,
    bytesBilled: 0,
    slotMs: 0,
    statementType: 'LOAD',
    rowsAffected: rows,
  });
  return success(jobs, 'LOAD', rows);
}
