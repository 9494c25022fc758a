import type { DuckDbPool } from '../../adapters/duckdb/index.js';
import { type ColumnLineageResult, ColumnLineageTracer, type UpstreamRelation } from '../../lineage/index.js';

/** One query to trace: a node's compiled SQL and the ephemeral CTEs inlined into it. */
export interface TraceJob {
  readonly uniqueId: string;
  readonly sql: string;
  /** CTE name (`__ldp__cte__<model>`) → the ephemeral model's unique id. */
  readonly ephemerals: Readonly<Record<string, string>>;
}

/**
 * Column lineage of each job, traced with DuckDB's parser on every connection of the pool at
 * once (parsing is independent per query). Ephemeral models are followed through to the
 * relations they read. A query the tracer cannot handle yields `failed`, never a guess.
 */
export async function traceModels(
  pool: DuckDbPool,
  jobs: readonly TraceJob[],
  relations: Readonly<Record<string, UpstreamRelation>>,
): Promise<Map<string, ColumnLineageResult>> {
  const results = new Map<string, ColumnLineageResult>();
  let next = 0;
  const worker = () =>
    pool.withConnection(async (conn) => {
      const tracer = await ColumnLineageTracer.create(conn);
      for (let job = jobs[next++]; job; job = jobs[next++]) {
        results.set(job.uniqueId, await traceOne(tracer, job, relations));
      }
    });
  await Promise.all(Array.from({ length: Math.min(pool.size, jobs.length) }, worker));
  return results;
}

async function traceOne(
  tracer: ColumnLineageTracer,
  job: TraceJob,
  relations: Readonly<Record<string, UpstreamRelation>>,
): Promise<ColumnLineageResult> {
  try {
    return await tracer.trace({
      sql: job.sql,
      relations,
      ephemerals: job.ephemerals,
      ephemeralMode: 'follow',
    });
  } catch (error) {
    // The model ran (or will report its own error); lineage of it is simply unknown.
    return { status: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
}
