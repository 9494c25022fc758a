import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newServiceAccount, principalOf, type ServiceAccountKey } from './auth.js';
import { FakeIamCredentials } from './iam-credentials.js';
import { FakeJobs } from './jobs.js';
import { RAW_MARK, RawJson } from './resources.js';
import { findRoute } from './routes.js';
import { FakeStore, type TableEntry } from './store.js';
import { FakeError, type RecordedRequest, type TableSchema } from './types.js';
import { ResumableUploads, runLoadJob, splitMultipart } from './uploads.js';

/** A running fake of BigQuery's REST API on loopback, and the handles tests set it up with. */
export interface BigQueryFake {
  /** `http://127.0.0.1:<port>`: the client's `apiEndpoint`. */
  readonly url: string;
  /** Every request received, in order (Authorization headers left out). */
  readonly requests: RecordedRequest[];
  readonly store: FakeStore;
  /** A service account the fake trusts, with access to `projects`. */
  addServiceAccount(email: string, projects: readonly string[]): ServiceAccountKey;
  /**
   * Lets `caller` create tokens for `target` (roles/iam.serviceAccountTokenCreator): the fake's
   * IAM Credentials API (`POST /v1/projects/-/serviceAccounts/{target}:generateAccessToken`,
   * on the same URL) then issues them.
   */
  allowImpersonation(caller: string, target: string): void;
  addDataset(project: string, dataset: string, location?: string): Promise<void>;
  /** A table whose rows are the DuckDB query `rowsSql` (columns in schema order). */
  addTable(
    table: { project: string; dataset: string; table: string; schema: TableSchema },
    rowsSql?: string,
  ): Promise<TableEntry>;
  /**
   * Query jobs whose SQL matches stay RUNNING (`getQueryResults` answers `jobComplete: false`)
   * until `releaseJobs()` lets them run, or `jobs.cancel` stops them.
   */
  holdJobs(match: (sql: string) => boolean): void;
  /** Runs the held jobs whose SQL matches; without `match`, all of them, and holds no more. */
  releaseJobs(match?: (sql: string) => boolean): void;
  stop(): Promise<void>;
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  500: 'INTERNAL',
};

export async function startBigQueryFake(): Promise<BigQueryFake> {
  const store = await FakeStore.open();
  const publicKeys = new Map<string, string>();
  const access = new Map<string, Set<string>>();
  const canAccess = (principal: string, project: string) => access.get(principal)?.has(project) === true;
  const jobs = new FakeJobs(store, canAccess);
  const uploads = new ResumableUploads();
  const iam = new FakeIamCredentials();
  const requests: RecordedRequest[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    const query = Object.fromEntries(url.searchParams);
    const contentType = String(req.headers['content-type'] ?? '');
    const body =
      contentType.startsWith('application/json') && raw.length > 0
        ? JSON.parse(raw.toString('utf8'))
        : raw.length > 0
          ? raw.toString('utf8')
          : undefined;
    const { authorization: _secret, ...headers } = req.headers as Record<string, string>;
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query, headers, body });
    try {
      const principal = principalOf(req.headers.authorization, publicKeys, iam.issued);
      const impersonated = FakeIamCredentials.match(url.pathname);
      if (impersonated !== undefined && req.method === 'POST') {
        const answer = iam.generateAccessToken(
          principal,
          impersonated,
          (body ?? {}) as Record<string, unknown>,
        );
        return send(res, answer.status, answer.body);
      }
      const project = /\/projects\/([^/]+)/.exec(url.pathname)?.[1];
      if (project && !canAccess(principal, decodeURIComponent(project)))
        throw denied(decodeURIComponent(project), url.pathname);
      if (url.pathname.startsWith('/upload/')) {
        const answer = await upload(
          req.method ?? 'POST',
          decodeURIComponent(project ?? ''),
          query,
          contentType,
          raw,
        );
        return send(res, answer.status, answer.body, answer.headers);
      }
      const found = findRoute(req.method ?? 'GET', url.pathname);
      if (!found)
        throw new FakeError(404, { reason: 'notFound', message: `Not found: ${req.method} ${url.pathname}` });
      const answer = await found.handler({
        store,
        jobs,
        params: found.params,
        query,
        body: (body ?? {}) as Record<string, unknown>,
        principal,
      });
      send(res, answer.status ?? 200, answer.body);
    } catch (error) {
      const fault =
        error instanceof FakeError
          ? error
          : new FakeError(500, { reason: 'backendError', message: String(error) });
      const proto = { domain: 'global', ...fault.proto };
      send(res, fault.status, {
        error: {
          code: fault.status,
          message: proto.message,
          errors: [proto],
          status: STATUS_NAMES[fault.status] ?? 'UNKNOWN',
        },
      });
    }
  };

  const upload = async (
    method: string,
    project: string,
    query: Record<string, string>,
    contentType: string,
    raw: Buffer,
  ) => {
    if (method === 'PUT' && query['upload_id']) {
      const resource = await runLoadJob(store, jobs, project, uploads.take(query['upload_id']), raw);
      return { status: 200, body: resource };
    }
    if (query['uploadType'] === 'resumable') {
      const id = uploads.open(JSON.parse(raw.toString('utf8')) as Record<string, unknown>);
      return {
        status: 200,
        body: undefined,
        headers: {
          location: `${baseUrl()}/upload/bigquery/v2/projects/${project}/jobs?uploadType=resumable&upload_id=${id}`,
        },
      };
    }
    const { metadata, data } = splitMultipart(contentType, raw);
    return { status: 200, body: await runLoadJob(store, jobs, project, metadata, data) };
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl(),
    requests,
    store,
    addServiceAccount(email, projects) {
      const { key, publicKey } = newServiceAccount(email, projects[0] ?? 'fake-project');
      publicKeys.set(email, publicKey);
      access.set(email, new Set(projects));
      return key;
    },
    allowImpersonation: (caller, target) => iam.allow(caller, target),
    addDataset: (project, dataset, location = 'US') =>
      store.createDataset({ project, dataset, location, labels: {} }),
    addTable: (table, rowsSql) => store.createTable(table, rowsSql),
    holdJobs: (match) => jobs.holdJobs(match),
    releaseJobs: (match) => jobs.releaseJobs(match),
    stop: () =>
      new Promise<void>((resolve) => {
        jobs.releaseJobs();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function denied(project: string, path: string): FakeError {
  const message = path.includes('/datasets/')
    ? `Access Denied: Dataset ${project}:${decodeURIComponent(path.split('/datasets/')[1]!.split('/')[0]!)}: Permission bigquery.datasets.get denied (or it may not exist).`
    : `Access Denied: Project ${project}: User does not have bigquery.jobs.create permission in project ${project}.`;
  return new FakeError(403, { reason: 'accessDenied', message });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (body === undefined) {
    res.writeHead(status, headers).end();
    return;
  }
  let raw: string | Buffer | undefined;
  // `toJSON` has already replaced a RawJson when the replacer sees it: look at the holder.
  const text = JSON.stringify(body, function (this: Record<string, unknown>, key: string, value: unknown) {
    const original = this[key];
    if (original instanceof RawJson) raw = original.text;
    return value;
  });
  const headersOut = { 'content-type': 'application/json; charset=UTF-8', ...headers };
  if (raw === undefined) {
    res.writeHead(status, headersOut).end(text);
    return;
  }
  // The rows go out as they are (a pre-encoded page is a slice of a buffer, never copied to text).
  const [head, tail] = text.split(JSON.stringify(RAW_MARK)) as [string, string];
  const rows = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
  res.writeHead(status, headersOut).end(Buffer.concat([Buffer.from(head), rows, Buffer.from(tail)]));
}
