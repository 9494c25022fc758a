import { randomUUID } from 'node:crypto';
import { rewriteSql, type TableRef } from './rewrite-sql.js';
import { classifyScriptStatement, duckTypeOf, ScriptScope, splitScript } from './scripts.js';
import { classifyStatement, duckDdl, type FakeStatement, recordStatement } from './statements.js';
import type { FakeStore } from './store.js';
import { type ErrorProto, FakeError, notFound, type TableSchema } from './types.js';

export interface QueryResult {
  readonly relation: string;
  readonly schema: TableSchema;
  readonly totalRows: number;
}

/** What a statement other than a query reports: its rows changed (MERGE, INSERT). */
interface StatementResult {
  readonly rowsAffected?: number;
}

export interface JobEntry {
  readonly resource: Record<string, unknown>;
  readonly result?: QueryResult;
  readonly error?: ErrorProto;
  /** The HTTP status results requests of a failed job answer with. */
  readonly errorStatus?: number;
  /** A job held RUNNING (`holdJobs`): settles when it is DONE (released or cancelled). */
  readonly running?: Promise<void>;
}

/** A held job's decision: run it now, or never (cancelled). */
interface HeldJob {
  readonly sql: string;
  readonly decide: (run: boolean) => void;
}

export interface QueryRequest {
  readonly project: string;
  readonly jobId?: string;
  readonly location?: string;
  readonly query: string;
  readonly dryRun: boolean;
  readonly maximumBytesBilled?: string;
  readonly configuration: Record<string, unknown>;
  readonly labels?: Record<string, string>;
  readonly principal: string;
}

/** Bytes the fake charges per value of a referenced table (8 per column per row). */
export const BYTES_PER_VALUE = 8;

/** Query jobs of the fake: every job runs to completion when it is inserted. */
export class FakeJobs {
  readonly jobs = new Map<string, JobEntry>();
  private readonly holds: ((sql: string) => boolean)[] = [];
  private readonly held = new Map<string, HeldJob>();

  constructor(
    private readonly store: FakeStore,
    private readonly canAccess: (principal: string, project: string) => boolean,
  ) {}

  get(project: string, jobId: string): JobEntry {
    const job = this.jobs.get(`${project}:${jobId}`);
    if (!job) throw notFound(`Not found: Job ${project}:${jobId}`);
    return job;
  }

  /** Query jobs whose SQL matches stay RUNNING until `releaseJobs()` or `jobs.cancel`. */
  holdJobs(match: (sql: string) => boolean): void {
    this.holds.push(match);
  }

  /** Lets the held jobs whose SQL matches run to their end; without `match`, all, and holds no more. */
  releaseJobs(match?: (sql: string) => boolean): void {
    if (!match) this.holds.length = 0;
    for (const job of [...this.held.values()]) if (!match || match(job.sql)) job.decide(true);
  }

  /**
   * `jobs.cancel`: a RUNNING job stops, DONE with errorResult reason `stopped`; a job already
   * DONE is left as it is. Either way the answer is the job.
   */
  cancel(project: string, jobId: string): JobEntry {
    const key = `${project}:${jobId}`;
    const job = this.get(project, jobId);
    const held = this.held.get(key);
    if (!held) return job;
    const proto: ErrorProto = {
      reason: 'stopped',
      message: 'Job execution was cancelled: User requested cancellation',
    };
    const status = { state: 'DONE', errorResult: proto, errors: [proto] };
    const stopped: JobEntry = { resource: { ...job.resource, status }, error: proto, errorStatus: 400 };
    this.jobs.set(key, stopped);
    held.decide(false);
    return stopped;
  }

  async runQuery(request: QueryRequest): Promise<JobEntry> {
    const jobId = request.jobId ?? `job_${randomUUID().replaceAll('-', '_')}`;
    if (!request.dryRun && this.holds.some((match) => match(request.query))) return this.hold(request, jobId);
    const entry = await this.complete(request, jobId);
    if (!request.dryRun) this.jobs.set(`${request.project}:${jobId}`, entry);
    return entry;
  }

  /** A job held RUNNING: it runs when released, or ends stopped when cancelled. */
  private hold(request: QueryRequest, jobId: string): JobEntry {
    const key = `${request.project}:${jobId}`;
    let decide!: HeldJob['decide'];
    const decided = new Promise<boolean>((resolve) => {
      decide = resolve;
    });
    this.held.set(key, { sql: request.query, decide });
    const running = decided.then(async (run) => {
      this.held.delete(key);
      if (run) this.jobs.set(key, await this.complete(request, jobId));
    });
    const now = String(Date.now());
    const location = request.location ?? 'US';
    const entry: JobEntry = {
      resource: {
        kind: 'bigquery#job',
        id: `${request.project}:${location}.${jobId}`,
        jobReference: { projectId: request.project, jobId, location },
        configuration: { ...request.configuration, jobType: 'QUERY' },
        status: { state: 'RUNNING' },
        statistics: { creationTime: now, startTime: now },
        user_email: request.principal,
      },
      running,
    };
    this.jobs.set(key, entry);
    return entry;
  }

  private async complete(request: QueryRequest, jobId: string): Promise<JobEntry> {
    const started = Date.now();
    let location = request.location ?? 'US';
    let bytes = 0;
    let entry: JobEntry;
    const statement = classifyStatement(request.query, request.project);
    try {
      const { sql, tables } = rewriteSql(request.query, request.project);
      // The table a CREATE or DROP names need not exist; its dataset must.
      const target = statement.creates ?? statement.drops;
      const read = tables.filter((t) => !target || !sameTable(t, target));
      location = this.checkTables(read, request, location);
      if (target) location = this.checkDataset(target, request, location);
      bytes = await this.bytesOf(read);
      const billed = request.maximumBytesBilled ? Number(request.maximumBytesBilled) : undefined;
      if (billed !== undefined && !request.dryRun && bytes > billed) {
        throw new FakeError(400, {
          reason: 'bytesBilledLimitExceeded',
          message: `Query exceeded limit for bytes billed: ${billed}. ${bytes} or higher required.`,
        });
      }
      const result =
        statement.statementType === 'SCRIPT' && !request.dryRun
          ? await this.runScript(request.query, request.project, jobId)
          : await this.execute(sql, jobId, tables, request.dryRun, statement);
      const resource = this.resource(request, jobId, location, started, bytes, undefined, statement);
      const statistics = resource['statistics'] as { query: Record<string, unknown> };
      if (request.dryRun && result && 'schema' in result) statistics.query['schema'] = result.schema;
      if (result && 'rowsAffected' in result && result.rowsAffected !== undefined)
        statistics.query['numDmlAffectedRows'] = String(result.rowsAffected);
      entry = { resource, ...(result && 'relation' in result ? { result } : {}) };
    } catch (error) {
      const proto = toErrorProto(error);
      const errorStatus = error instanceof FakeError ? error.status : 500;
      entry = {
        resource: this.resource(request, jobId, location, started, 0, proto, statement),
        error: proto,
        errorStatus,
      };
    }
    return entry;
  }

  private checkTables(tables: readonly TableRef[], request: QueryRequest, location: string): string {
    let found = request.location;
    for (const t of tables) {
      if (!this.canAccess(request.principal, t.project)) {
        throw new FakeError(403, {
          reason: 'accessDenied',
          message: `Access Denied: Table ${t.project}:${t.dataset}.${t.table}: User does not have permission to query table ${t.project}:${t.dataset}.${t.table}.`,
        });
      }
      const dataset = this.store.datasets.get(`${t.project}:${t.dataset}`);
      const where = found ?? dataset?.location ?? location;
      if (!dataset || dataset.location !== where)
        throw notFound(`Not found: Dataset ${t.project}:${t.dataset} was not found in location ${where}`);
      if (!this.store.tables.has(`${t.project}:${t.dataset}.${t.table}`))
        throw notFound(
          `Not found: Table ${t.project}:${t.dataset}.${t.table} was not found in location ${where}`,
        );
      found = where;
    }
    return found ?? location;
  }

  private checkDataset(t: TableRef, request: QueryRequest, location: string): string {
    const dataset = this.store.datasets.get(`${t.project}:${t.dataset}`);
    const where = request.location ?? dataset?.location ?? location;
    if (!dataset || dataset.location !== where)
      throw notFound(`Not found: Dataset ${t.project}:${t.dataset} was not found in location ${where}`);
    return where;
  }

  private async bytesOf(tables: readonly TableRef[]): Promise<number> {
    let bytes = 0;
    for (const t of tables) {
      const entry = this.store.table(t.project, t.dataset, t.table);
      const rows = await this.store.rowCount(`"${t.project}__${t.dataset}"."${t.table}"`);
      bytes += rows * entry.schema.fields.length * BYTES_PER_VALUE;
    }
    return bytes;
  }

  private async execute(
    sql: string,
    jobId: string,
    tables: readonly TableRef[],
    dryRun: boolean,
    statement: FakeStatement,
  ): Promise<QueryResult | StatementResult | undefined> {
    const known = tables.flatMap((t) =>
      this.store.tables.has(`${t.project}:${t.dataset}.${t.table}`)
        ? this.store.table(t.project, t.dataset, t.table).schema.fields
        : [],
    );
    try {
      if (dryRun) {
        if (statement.statementType !== 'SELECT') return undefined;
        return { relation: `(${sql})`, schema: await this.store.schemaOf(`(${sql})`, known), totalRows: 0 };
      }
      if (statement.statementType !== 'SELECT') {
        this.store.changed();
        const reader = await this.store.conn.runAndReadAll(duckDdl(sql));
        const changed = statement.statementType === 'ALTER_TABLE' ? tables.slice(0, 1) : [];
        await recordStatement(this.store, statement, changed, known);
        const dml = /^(MERGE|INSERT|UPDATE|DELETE)$/.test(statement.statementType);
        return dml ? { rowsAffected: Number(reader.getRows()[0]?.[0] ?? 0) } : {};
      }
      await this.store.conn.run('CREATE SCHEMA IF NOT EXISTS _jobs');
      const relation = `_jobs."${jobId}"`;
      await this.store.conn.run(`CREATE TABLE ${relation} AS ${sql}`);
      const schema = await this.store.schemaOf(relation, known);
      return { relation, schema, totalRows: await this.store.rowCount(relation) };
    } catch (error) {
      if (error instanceof FakeError) throw error;
      const message = (error as Error).message.split('\n')[0]!.replace(/^[A-Za-z ]+Error: /, '');
      throw new FakeError(400, {
        reason: 'invalidQuery',
        location: 'query',
        message: `Syntax error: ${message}`,
      });
    }
  }

  /**
   * A script (`scripts.ts`): its statements in order, each as the fake runs a statement, with the
   * script's variables and temporary tables; they are gone when it ends, as BigQuery's are.
   */
  private async runScript(script: string, project: string, jobId: string): Promise<StatementResult> {
    const scope = new ScriptScope(jobId.replaceAll('-', '_'));
    const duck = (sql: string) => rewriteSql(scope.resolve(sql), project).sql;
    try {
      for (const [i, text] of splitScript(script).entries()) {
        const part = classifyScriptStatement(text);
        try {
          if (part.kind === 'declare')
            for (const name of part.names) {
              scope.variables.set(name.toLowerCase(), duckTypeOf(part.type));
              const initial = part.initial ? `(${duck(part.initial)})` : 'NULL';
              await this.store.conn.run(
                `SET VARIABLE "${scope.variable(name)}" = CAST(${initial} AS ${scope.variables.get(name.toLowerCase())})`,
              );
            }
          else if (part.kind === 'set') {
            const value = duck(part.value.replace(/\bSELECT\s+AS\s+STRUCT\b/i, 'SELECT'));
            const columns = part.names.map((_, n) => `ldp_c${n}`).join(', ');
            for (const [n, name] of part.names.entries()) {
              const type = scope.variables.get(name.toLowerCase());
              if (!type) throw new Error(`Unrecognized name: ${name}`);
              const expression = part.tuple
                ? `(SELECT ldp_c${n} FROM ${value} AS ldp_row(${columns}))`
                : `(${value})`;
              await this.store.conn.run(
                `SET VARIABLE "${scope.variable(name)}" = CAST(${expression} AS ${type})`,
              );
            }
          } else {
            const resolved = scope.resolve(part.sql);
            const { sql, tables } = rewriteSql(resolved, project);
            await this.execute(sql, `${jobId}_${i}`, tables, false, classifyStatement(resolved, project));
          }
        } catch (error) {
          if (error instanceof FakeError) throw error;
          throw new FakeError(400, {
            reason: 'invalidQuery',
            location: 'query',
            message: `Query error: ${(error as Error).message.split('\n')[0]} (statement ${i + 1} of the script)`,
          });
        }
      }
      return {};
    } finally {
      for (const name of scope.tempTables)
        await this.store.conn.run(`DROP TABLE IF EXISTS "${scope.tempTable(name)}"`).catch(() => undefined);
      for (const name of scope.variables.keys())
        await this.store.conn.run(`RESET VARIABLE "${scope.variable(name)}"`).catch(() => undefined);
    }
  }

  private resource(
    request: QueryRequest,
    jobId: string,
    location: string,
    started: number,
    bytes: number,
    error?: ErrorProto,
    statement?: FakeStatement,
  ): Record<string, unknown> {
    const bytesText = String(bytes);
    return {
      kind: 'bigquery#job',
      etag: randomUUID(),
      id: `${request.project}:${location}.${jobId}`,
      jobReference: { projectId: request.project, jobId, location },
      configuration: {
        ...request.configuration,
        jobType: 'QUERY',
        ...(request.dryRun ? { dryRun: true } : {}),
      },
      status: { state: 'DONE', ...(error ? { errorResult: error, errors: [error] } : {}) },
      statistics: {
        creationTime: String(started),
        startTime: String(started),
        endTime: String(Date.now()),
        totalBytesProcessed: bytesText,
        query: {
          totalBytesProcessed: bytesText,
          totalBytesBilled: request.dryRun ? '0' : bytesText,
          totalSlotMs: request.dryRun ? '0' : String(Math.max(1, Math.round(bytes / 1000))),
          cacheHit: false,
          statementType: statement?.statementType ?? 'SELECT',
        },
        totalSlotMs: request.dryRun ? '0' : String(Math.max(1, Math.round(bytes / 1000))),
      },
      user_email: request.principal,
    };
  }
}

function sameTable(a: TableRef, b: TableRef): boolean {
  return a.project === b.project && a.dataset === b.dataset && a.table === b.table;
}

export function toErrorProto(error: unknown): ErrorProto {
  if (error instanceof FakeError) return { ...error.proto };
  return { reason: 'backendError', message: String((error as Error).message ?? error) };
}
