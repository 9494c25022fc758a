import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { faultOf, jobFailed, RETRYABLE_REASONS } from './bigquery-errors.js';
import type { BigQueryConnection } from './client.js';

/** One page of rows as BigQuery sent it: a JSON file whose `rows` DuckDB reads. */
export interface PageFile {
  readonly path: string;
  /** Rows asked for (`maxResults`): the page has at most this many. */
  readonly maxRows: number;
}

export interface RawPageRequest {
  /** The REST path below `…/bigquery/v2`: a table's `data` or a query job's results. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string>>;
  readonly pageSize: number;
  /** The folder page files are written to (the caller removes them). */
  readonly dir: string;
  /** The job id failures name, if the rows come from a job. */
  readonly jobId?: string;
}

/**
 * The pages of `tabledata.list` or `jobs.getQueryResults`, each written unparsed to a file:
 * JavaScript never parses rows (DuckDB reads the files), and the next page is requested as soon
 * as a page arrives, so reading overlaps writing. At most two pages are in memory at once.
 */
export async function* rawPages(
  connection: BigQueryConnection,
  request: RawPageRequest,
): AsyncGenerator<PageFile> {
  const base = `${(connection.client as unknown as { baseUrl: string }).baseUrl}${request.path}`;
  let index = 0;
  const fetchPage = async (pageToken?: string) => {
    const params = new URLSearchParams({
      ...request.query,
      maxResults: String(request.pageSize),
      'formatOptions.useInt64Timestamp': 'true',
      prettyPrint: 'false',
      ...(pageToken ? { pageToken } : {}),
    });
    const body = await getWithRetries(connection, `${base}?${params}`, request.jobId);
    const next = topLevelString(body, 'pageToken');
    if (!hasTopLevelKey(body, 'rows')) return { next };
    const path = join(request.dir, `page-${String(index++).padStart(6, '0')}.json`);
    await writeFile(path, body);
    return { file: { path, maxRows: request.pageSize }, next };
  };
  let page = await fetchPage();
  while (true) {
    const following = page.next ? fetchPage(page.next) : undefined;
    // A failed prefetch is reported when it is awaited, not as an unhandled rejection meanwhile.
    following?.catch(() => undefined);
    if (page.file) yield page.file;
    if (!following) return;
    page = await following;
  }
}

async function getWithRetries(
  connection: BigQueryConnection,
  url: string,
  jobId: string | undefined,
): Promise<Buffer> {
  for (let tries = 0; ; tries++) {
    try {
      return await get(connection, url);
    } catch (error) {
      const fault = faultOf(error);
      const transient = fault.reason !== undefined && RETRYABLE_REASONS.has(fault.reason);
      if (!transient || tries >= connection.options.jobRetries)
        throw jobFailed(fault, jobId, connection.redact);
    }
  }
}

/** One GET with the connection's credentials; an error answer is thrown as BigQuery's fault. */
async function get(connection: BigQueryConnection, url: string): Promise<Buffer> {
  const headers = await connection.client.authClient.getRequestHeaders(url);
  const response = await fetch(url, { headers: headers as unknown as Record<string, string> });
  const body = Buffer.from(await response.arrayBuffer());
  if (response.ok) return body;
  let answer: { error?: { code?: number; message?: string; errors?: unknown[] } } = {};
  try {
    answer = JSON.parse(body.toString('utf8'));
  } catch {
    // Not BigQuery's error shape (a proxy's page): the status is all there is.
  }
  throw Object.assign(new Error(answer.error?.message ?? `HTTP ${response.status}`), {
    code: response.status,
    errors: answer.error?.errors ?? [],
  });
}

/**
 * Where `"key":` is a key of the response object. Row cells only have the keys `f` and `v`, and
 * inside a JSON string every quote is escaped, so a quoted name followed by a colon is a key of
 * the response itself, found without parsing the rows (a native search).
 */
function keyAt(body: Buffer, key: string): number {
  const quoted = `"${key}"`;
  for (let at = body.indexOf(quoted); at >= 0; at = body.indexOf(quoted, at + 1)) {
    let i = at + quoted.length;
    while (body[i] === 0x20 || body[i] === 0x0a || body[i] === 0x0d || body[i] === 0x09) i++;
    if (body[i] === 0x3a) return i + 1;
  }
  return -1;
}

function hasTopLevelKey(body: Buffer, key: string): boolean {
  return keyAt(body, key) >= 0;
}

/** The string value of a response key (`pageToken`), or undefined. */
function topLevelString(body: Buffer, key: string): string | undefined {
  const at = keyAt(body, key);
  if (at < 0) return undefined;
  const match = /^\s*("(?:[^"\\]|\\.)*")/.exec(body.toString('utf8', at, at + 8192));
  return match ? (JSON.parse(match[1]!) as string) : undefined;
}
