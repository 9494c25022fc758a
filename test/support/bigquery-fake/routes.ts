import type { FakeJobs } from './jobs.js';
import { datasetResource, normalizeFields, rowsPage, tableResource } from './resources.js';
import { duckName, type FakeStore } from './store.js';
import { FakeError, invalid } from './types.js';

export interface RouteContext {
  readonly store: FakeStore;
  readonly jobs: FakeJobs;
  readonly params: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly body: Record<string, unknown>;
  readonly principal: string;
}

export interface RouteAnswer {
  readonly status?: number;
  readonly body?: unknown;
}

type Handler = (ctx: RouteContext) => Promise<RouteAnswer>;

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly handler: Handler;
}

const route = (method: string, path: string, handler: Handler): Route => {
  const names: string[] = [];
  const pattern = new RegExp(
    `^/bigquery/v2${path.replace(/:(\w+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    })}$`,
  );
  return { method, pattern, names, handler };
};

const ok = (body: unknown, status = 200): RouteAnswer => ({ status, body });

async function insertJob(ctx: RouteContext): Promise<RouteAnswer> {
  const configuration = (ctx.body['configuration'] ?? {}) as Record<string, unknown>;
  const reference = (ctx.body['jobReference'] ?? {}) as Record<string, string>;
  const query = configuration['query'] as Record<string, unknown> | undefined;
  if (!query) throw invalid('The fake runs query jobs here; load jobs come through the upload endpoint.');
  const job = await ctx.jobs.runQuery({
    project: ctx.params['project']!,
    ...(reference['jobId'] ? { jobId: reference['jobId'] } : {}),
    ...(reference['location'] ? { location: reference['location'] } : {}),
    query: String(query['query']),
    dryRun: configuration['dryRun'] === true,
    ...(query['maximumBytesBilled'] ? { maximumBytesBilled: String(query['maximumBytesBilled']) } : {}),
    configuration,
    principal: ctx.principal,
  });
  return ok(job.resource);
}

async function queryResults(
  ctx: RouteContext,
  project: string,
  jobId: string,
): Promise<Record<string, unknown>> {
  let job = ctx.jobs.get(project, jobId);
  if (job.running) {
    // A long poll, as BigQuery's: wait up to `timeoutMs` (at most 1 s here) for the job to finish.
    const wait = Math.min(Number(ctx.query['timeoutMs'] ?? 10_000), 1000);
    await Promise.race([job.running, new Promise((resolve) => setTimeout(resolve, wait))]);
    job = ctx.jobs.get(project, jobId);
    if (job.running)
      return {
        kind: 'bigquery#getQueryResultsResponse',
        jobReference: job.resource['jobReference'],
        jobComplete: false,
      };
  }
  if (job.error) throw new FakeError(job.errorStatus ?? 400, job.error);
  const result = job.result;
  const statistics = job.resource['statistics'] as Record<string, unknown>;
  const page = result
    ? await rowsPage(ctx.store, result.relation, result.schema.fields, result.totalRows, ctx.query)
    : {};
  return {
    kind: 'bigquery#getQueryResultsResponse',
    jobReference: job.resource['jobReference'],
    ...(result ? { schema: result.schema, totalRows: String(result.totalRows) } : {}),
    ...page,
    totalBytesProcessed: statistics['totalBytesProcessed'],
    jobComplete: true,
    cacheHit: false,
  };
}

async function syncQuery(ctx: RouteContext): Promise<RouteAnswer> {
  const project = ctx.params['project']!;
  const job = await ctx.jobs.runQuery({
    project,
    ...(ctx.body['location'] ? { location: String(ctx.body['location']) } : {}),
    query: String(ctx.body['query']),
    dryRun: ctx.body['dryRun'] === true,
    ...(ctx.body['maximumBytesBilled'] ? { maximumBytesBilled: String(ctx.body['maximumBytesBilled']) } : {}),
    configuration: { query: { query: ctx.body['query'], useLegacySql: ctx.body['useLegacySql'] ?? true } },
    principal: ctx.principal,
  });
  if (job.error) throw new FakeError(job.errorStatus ?? 400, job.error);
  const jobId = (job.resource['jobReference'] as Record<string, string>)['jobId']!;
  if (ctx.body['dryRun'] === true) {
    const statistics = job.resource['statistics'] as Record<string, unknown>;
    return ok({
      kind: 'bigquery#queryResponse',
      schema: job.result?.schema,
      jobReference: { projectId: project },
      totalBytesProcessed: statistics['totalBytesProcessed'],
      jobComplete: true,
    });
  }
  const maxResults = ctx.body['maxResults'];
  const answer = await queryResults(
    { ...ctx, query: maxResults !== undefined ? { maxResults: String(maxResults) } : {} },
    project,
    jobId,
  );
  return ok({ ...answer, kind: 'bigquery#queryResponse' });
}

function patchFields<T extends object>(
  entry: T,
  body: Record<string, unknown>,
  keys: readonly (keyof T)[],
): void {
  for (const key of keys)
    if (body[key as string] !== undefined) (entry as Record<keyof T, unknown>)[key] = body[key as string];
}

export const ROUTES: readonly Route[] = [
  route('POST', '/projects/:project/jobs', insertJob),
  route('GET', '/projects/:project/jobs/:job', async (ctx) =>
    ok(ctx.jobs.get(ctx.params['project']!, ctx.params['job']!).resource),
  ),
  route('POST', '/projects/:project/jobs/:job/cancel', async (ctx) =>
    ok({
      kind: 'bigquery#jobCancelResponse',
      job: ctx.jobs.cancel(ctx.params['project']!, ctx.params['job']!).resource,
    }),
  ),
  route('POST', '/projects/:project/queries', syncQuery),
  route('GET', '/projects/:project/queries/:job', async (ctx) =>
    ok(await queryResults(ctx, ctx.params['project']!, ctx.params['job']!)),
  ),
  route('POST', '/projects/:project/datasets', async (ctx) => {
    const ref = (ctx.body['datasetReference'] ?? {}) as Record<string, string>;
    const project = ctx.params['project']!;
    const dataset = ref['datasetId'] ?? '';
    if (ctx.store.datasets.has(`${project}:${dataset}`))
      throw new FakeError(409, {
        reason: 'duplicate',
        message: `Already Exists: Dataset ${project}:${dataset}`,
      });
    const entry = {
      project,
      dataset,
      location: String(ctx.body['location'] ?? 'US'),
      labels: (ctx.body['labels'] ?? {}) as Record<string, string>,
    };
    await ctx.store.createDataset(entry);
    return ok(datasetResource(entry));
  }),
  route('GET', '/projects/:project/datasets/:dataset', async (ctx) =>
    ok(datasetResource(ctx.store.dataset(ctx.params['project']!, ctx.params['dataset']!))),
  ),
  route('PATCH', '/projects/:project/datasets/:dataset', async (ctx) => {
    const entry = ctx.store.dataset(ctx.params['project']!, ctx.params['dataset']!);
    patchFields(entry, ctx.body, ['labels', 'description']);
    return ok(datasetResource(entry));
  }),
  route('DELETE', '/projects/:project/datasets/:dataset', async (ctx) => {
    const { project, dataset } = ctx.params as { project: string; dataset: string };
    const hasTables = [...ctx.store.tables.values()].some(
      (t) => t.project === project && t.dataset === dataset,
    );
    if (hasTables && ctx.query['deleteContents'] !== 'true')
      throw new FakeError(400, {
        reason: 'resourceInUse',
        message: `Dataset ${project}:${dataset} is still in use`,
      });
    await ctx.store.deleteDataset(project, dataset);
    return { status: 204 };
  }),
  route('POST', '/projects/:project/datasets/:dataset/tables', async (ctx) => {
    const ref = (ctx.body['tableReference'] ?? {}) as Record<string, string>;
    const { project, dataset } = ctx.params as { project: string; dataset: string };
    const table = ref['tableId'] ?? '';
    if (ctx.store.tables.has(`${project}:${dataset}.${table}`))
      throw new FakeError(409, {
        reason: 'duplicate',
        message: `Already Exists: Table ${project}:${dataset}.${table}`,
      });
    const schema = (ctx.body['schema'] ?? { fields: [] }) as { fields: [] };
    const entry = await ctx.store.createTable({
      project,
      dataset,
      table,
      schema: { fields: normalizeFields(schema.fields) },
      labels: (ctx.body['labels'] ?? {}) as Record<string, string>,
    });
    return ok(await tableResource(ctx.store, entry));
  }),
  route('GET', '/projects/:project/datasets/:dataset/tables/:table', async (ctx) => {
    const { project, dataset, table } = ctx.params as { project: string; dataset: string; table: string };
    return ok(await tableResource(ctx.store, ctx.store.table(project, dataset, table)));
  }),
  route('PATCH', '/projects/:project/datasets/:dataset/tables/:table', async (ctx) => {
    const { project, dataset, table } = ctx.params as { project: string; dataset: string; table: string };
    const entry = ctx.store.table(project, dataset, table);
    patchFields(entry, ctx.body, ['labels', 'description']);
    const schema = ctx.body['schema'] as { fields: [] } | undefined;
    if (schema) {
      const fields = normalizeFields(schema.fields);
      ctx.store.changed();
      for (const added of fields.slice(entry.schema.fields.length))
        await ctx.store.conn.run(
          `ALTER TABLE ${duckName(project, dataset, table)} ADD COLUMN "${added.name}" VARCHAR`,
        );
      entry.schema = { fields };
    }
    return ok(await tableResource(ctx.store, entry));
  }),
  route('DELETE', '/projects/:project/datasets/:dataset/tables/:table', async (ctx) => {
    const { project, dataset, table } = ctx.params as { project: string; dataset: string; table: string };
    await ctx.store.deleteTable(project, dataset, table);
    return { status: 204 };
  }),
  route('GET', '/projects/:project/datasets/:dataset/tables/:table/data', async (ctx) => {
    const { project, dataset, table } = ctx.params as { project: string; dataset: string; table: string };
    const entry = ctx.store.table(project, dataset, table);
    const relation = duckName(project, dataset, table);
    const total = await ctx.store.rowCount(relation);
    const selected = ctx.query['selectedFields']?.split(',');
    const fields = selected
      ? entry.schema.fields.filter((f) => selected.includes(f.name))
      : entry.schema.fields;
    const page = await rowsPage(ctx.store, relation, fields, total, ctx.query);
    return ok({ kind: 'bigquery#tableDataList', totalRows: String(total), ...page });
  }),
];

/** The handler for a request and its path parameters, or undefined. */
export function findRoute(
  method: string,
  path: string,
): { handler: Handler; params: Record<string, string> } | undefined {
  for (const r of ROUTES) {
    if (r.method !== method) continue;
    const match = r.pattern.exec(path);
    if (!match) continue;
    const params = Object.fromEntries(r.names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
    return { handler: r.handler, params };
  }
  return undefined;
}
