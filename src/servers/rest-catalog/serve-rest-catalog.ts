import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SqliteCatalog } from '../../catalog/index.js';
import { configReply } from './config-route.js';
import { parseJsonBody, readBody } from './json-body.js';
import { NAMESPACE_ROUTES } from './namespace-routes.js';
import { ResponseCache } from './response-cache.js';
import { RestError, RestErrors, toRestError } from './rest-errors.js';
import { matchRoute, type Reply, type Route } from './route.js';
import { ServerErrors } from './server-errors.js';
import { TABLE_ROUTES } from './table-routes.js';
import { VIEW_ROUTES } from './view-routes.js';

export interface RestCatalogServerOptions {
  /** The warehouse's catalog; opened read-only when `readOnly` is set. */
  readonly catalog: SqliteCatalog;
  /** Default `127.0.0.1`. Any other address needs a `token`. */
  readonly host?: string;
  /** Default 8181, the port Iceberg's REST catalogs usually take; 0 picks a free one. */
  readonly port?: number;
  /** Bearer token every request must carry (`Authorization: Bearer <token>`). */
  readonly token?: string;
  /** Refuse every change with 403. */
  readonly readOnly?: boolean;
  readonly now?: () => number;
  /** Told about requests that failed with a 5xx, whose details the client does not get. */
  readonly onServerError?: (error: unknown) => void;
}

export interface RestCatalogServer {
  readonly host: string;
  readonly port: number;
  /** The catalog URI to give clients, e.g. `http://127.0.0.1:8181`. */
  readonly url: string;
  close(): Promise<void>;
}

export const REST_ROUTES: readonly Route[] = [...NAMESPACE_ROUTES, ...TABLE_ROUTES, ...VIEW_ROUTES];

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/**
 * Serves the catalog over the Iceberg REST catalog protocol (see README.md beside this file).
 * A thin layer: every route calls the catalog (src/catalog) or a commit of src/iceberg.
 */
export async function serveRestCatalog(options: RestCatalogServerOptions): Promise<RestCatalogServer> {
  const host = options.host ?? '127.0.0.1';
  if (options.token === '') throw ServerErrors.emptyToken();
  if (!LOOPBACK.test(host) && options.token === undefined) throw ServerErrors.tokenRequired(host);
  const responses = new ResponseCache();
  const server = createServer((request, response) => {
    handle(options, responses, request)
      .catch((error: unknown) => errorReply(options, error))
      .then((reply) => send(response, request.method === 'HEAD', reply));
  });
  await listen(server, options.port ?? 8181, host);
  const { port } = server.address() as AddressInfo;
  return {
    host,
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function handle(
  options: RestCatalogServerOptions,
  responses: ResponseCache,
  request: IncomingMessage,
): Promise<Reply> {
  authorize(options.token, request.headers.authorization);
  const url = new URL(request.url ?? '/', 'http://catalog');
  const segments = pathSegments(url.pathname);
  if (segments[0] !== 'v1') throw new RestError(404, 'NotFoundException', `no route ${url.pathname}`);
  const method = request.method ?? 'GET';
  if (segments.length === 2 && segments[1] === 'config' && method === 'GET')
    return configReply(options.catalog, REST_ROUTES, url.searchParams.get('warehouse'));
  const match = findRoute(options.catalog.catalogName, method, segments.slice(1));
  if (!match.route) {
    if (match.methods.length > 0)
      throw new RestError(405, 'MethodNotAllowedException', `${method} is not allowed on ${url.pathname}`);
    throw RestErrors.unsupported(`${method} ${url.pathname}`);
  }
  if (match.route.write && options.readOnly) throw RestErrors.readOnly();
  return match.route.handle({
    catalog: options.catalog,
    params: match.params,
    query: url.searchParams,
    headers: request.headers,
    body: async () => parseJsonBody(await readBody(request)),
    now: options.now ?? Date.now,
    responses,
  });
}

/** The path after `/v1/` with or without the `{prefix}` (this catalog's name). */
function findRoute(catalogName: string, method: string, rest: readonly string[]) {
  if (rest[0] === catalogName && rest.length > 1) {
    const prefixed = matchRoute(REST_ROUTES, method, rest.slice(1));
    if (prefixed.route || prefixed.methods.length > 0) return prefixed;
  }
  return matchRoute(REST_ROUTES, method, rest);
}

function pathSegments(pathname: string): string[] {
  try {
    return pathname
      .split('/')
      .filter((s) => s !== '')
      .map(decodeURIComponent);
  } catch {
    throw RestErrors.badRequest(`malformed percent-encoding in ${pathname}`);
  }
}

function authorize(token: string | undefined, header: string | undefined): void {
  if (token === undefined) return;
  const given = Buffer.from(/^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw RestErrors.unauthorized();
}

function errorReply(options: RestCatalogServerOptions, error: unknown): Reply {
  const rest = toRestError(error);
  if (rest.status >= 500) options.onServerError?.(error);
  return { status: rest.status, json: rest.toJson() };
}

function send(response: ServerResponse, head: boolean, reply: Reply): void {
  const headers: Record<string, string | number> = { ...reply.headers };
  if (reply.json !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] =
      typeof reply.json === 'string' ? Buffer.byteLength(reply.json) : reply.json.length;
  }
  response.writeHead(reply.status, headers);
  response.end(head || reply.json === undefined ? undefined : reply.json);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRINUSE' ? 'the port is in use' : error.message;
      reject(ServerErrors.cannotListen(host, port, reason));
    });
    server.listen(port, host, () => resolve());
  });
}
