import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DocsErrors } from './docs-errors.js';
import { isServedHost } from './loopback-host.js';
import { mimeType } from './mime-types.js';
import { resolveRequest } from './resolve-request.js';

export interface ServeDocsOptions {
  /** The generated site, e.g. `<project>/target/docs`. */
  readonly dir: string;
  /** 0 picks a free port. Default 8080. */
  readonly port?: number;
  /** Default `127.0.0.1`: the docs are for this machine unless asked otherwise. */
  readonly host?: string;
}

export interface DocsServer {
  readonly host: string;
  /** The port actually bound (useful with `port: 0`). */
  readonly port: number;
  readonly url: string;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad request',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  421: 'Misdirected request: this server answers only to localhost, 127.0.0.1 or [::1]',
  500: 'Internal server error',
};

/**
 * Serves the files of a generated docs site over HTTP, read-only: GET and HEAD of files inside
 * `dir` only, with their MIME type, and only to requests whose `Host` is a loopback name with
 * this port (421 otherwise: see `isServedHost`). Fails with LDP760 when `dir` holds no site and LDP761 when
 * the port cannot be bound.
 */
export async function serveDocs(options: ServeDocsOptions): Promise<DocsServer> {
  const host = options.host ?? '127.0.0.1';
  const root = await siteRoot(options.dir);
  let port = 0;
  const server = createServer((request, response) => {
    if (!isServedHost(request.headers.host, { port, boundHost: host })) return fail(response, 421);
    handle(root, request, response).catch(() => fail(response, 500));
  });
  await listen(server, options.port ?? 8080, host);
  port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    host,
    port,
    url: `http://${urlHost}:${port}/`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function siteRoot(dir: string): Promise<string> {
  try {
    const root = await realpath(dir);
    if ((await stat(join(root, 'index.html'))).isFile()) return root;
  } catch {
    // Reported below, as for a folder without index.html.
  }
  throw DocsErrors.notGenerated(dir);
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'EADDRINUSE' ? 'the port is in use' : error.message;
      reject(DocsErrors.cannotListen(host, port, reason));
    });
    server.listen(port, host, () => resolve());
  });
}

async function handle(root: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('Allow', 'GET, HEAD');
    return fail(response, 405);
  }
  const target = await resolveRequest(root, request.url ?? '/');
  if (target.kind === 'refused') return fail(response, target.status);
  response.writeHead(200, {
    ...COMMON_HEADERS,
    'Content-Type': mimeType(target.path),
    'Content-Length': target.size,
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(target.path)
    .on('error', () => response.destroy())
    .pipe(response);
}

const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-cache',
  'Referrer-Policy': 'no-referrer',
};

function fail(response: ServerResponse, status: number): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body = `${status} ${STATUS_TEXT[status] ?? 'Error'}\n`;
  response.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(body);
}
