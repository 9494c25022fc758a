import type { IncomingHttpHeaders } from 'node:http';
import type { SqliteCatalog } from '../../catalog/index.js';
import type { TableIdentifier } from '../../model/iceberg-catalog-port.js';
import type { ResponseCache } from './response-cache.js';
import { RestErrors } from './rest-errors.js';

/** What a handler sees of one request. */
export interface RouteContext {
  readonly catalog: SqliteCatalog;
  /** Decoded path parameters, by the names the spec gives them (`namespace`, `table`, `view`). */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The body, parsed losslessly (see json-body.ts). */
  body(): Promise<unknown>;
  readonly now: () => number;
  /** Load responses by metadata location (see response-cache.ts). */
  readonly responses: ResponseCache;
}

/** A response: status, JSON (none for 204/304) and extra headers. */
export interface Reply {
  readonly status: number;
  readonly json?: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface Route {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'DELETE';
  /** The spec's path after `/v1/{prefix}/`, e.g. `namespaces/{namespace}/tables/{table}`. */
  readonly path: string;
  /** Writes are refused with 403 in read-only mode. */
  readonly write: boolean;
  handle(context: RouteContext): Reply | Promise<Reply>;
}

/** The spec's multipart namespace separator, the unit separator byte (`%1F` in URLs). */
export const NAMESPACE_SEPARATOR = '\u001f';

export function namespaceParam(context: RouteContext): string[] {
  const levels = (context.params['namespace'] ?? '').split(NAMESPACE_SEPARATOR);
  if (levels.some((level) => level === '')) throw RestErrors.badRequest('empty namespace level in the path');
  return levels;
}

export function tableParam(context: RouteContext, key: 'table' | 'view' = 'table'): TableIdentifier {
  return { namespace: namespaceParam(context), name: context.params[key] ?? '' };
}

export function label(id: TableIdentifier): string {
  return [...id.namespace, id.name].join('.');
}

export const json = (value: unknown, status = 200): Reply => ({ status, json: JSON.stringify(value) });
export const noContent: Reply = { status: 204 };

/**
 * Matches `segments` (the path after `/v1/{prefix}/`, decoded) against the routes; undefined
 * when no route has that shape, `methods` lists the ones that do when only the method differs.
 */
export function matchRoute(
  routes: readonly Route[],
  method: string,
  segments: readonly string[],
): { route?: Route; params: Record<string, string>; methods: string[] } {
  const methods: string[] = [];
  for (const route of routes) {
    const params = matchPath(route.path.split('/'), segments);
    if (!params) continue;
    if (route.method === method) return { route, params, methods };
    methods.push(route.method);
  }
  return { params: {}, methods };
}

function matchPath(
  pattern: readonly string[],
  segments: readonly string[],
): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const part = pattern[i]!;
    if (part.startsWith('{')) params[part.slice(1, -1)] = segments[i]!;
    else if (part !== segments[i]) return undefined;
  }
  return params;
}
