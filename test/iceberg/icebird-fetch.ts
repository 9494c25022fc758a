import { readFileSync, statSync } from 'node:fs';

/**
 * icebird reads only through `fetch`, and Node's fetch refuses `file://`. This shim answers
 * `file://` requests from disk (with HEAD and byte ranges, which hyparquet uses) and passes
 * everything else to the real fetch.
 */
export function withFileFetch<T>(run: () => Promise<T>): Promise<T> {
  const original = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (!url.startsWith('file://')) return original(input, init);
    const path = decodeURIComponent(url.slice('file://'.length));
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const size = statSync(path).size;
    if (method === 'HEAD')
      return new Response(null, { status: 200, headers: { 'content-length': String(size) } });
    const range = new Headers(init?.headers).get('range');
    const bytes = readFileSync(path);
    const match = range ? /bytes=(\d+)-(\d*)/.exec(range) : null;
    if (!match) return new Response(bytes, { status: 200, headers: { 'content-length': String(size) } });
    const start = Number(match[1]);
    const end = match[2] ? Number(match[2]) + 1 : size;
    return new Response(bytes.subarray(start, end), {
      status: 206,
      headers: { 'content-length': String(end - start) },
    });
  }) as typeof fetch;
  return run().finally(() => {
    globalThis.fetch = original;
  });
}
