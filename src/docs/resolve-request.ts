import { realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';

/** Where a request leads: a file inside the site, or why it is refused. */
export type RequestTarget =
  | { readonly kind: 'file'; readonly path: string; readonly size: number }
  | { readonly kind: 'refused'; readonly status: 400 | 403 | 404 };

/**
 * Maps a request path to a file inside `root` (a real path). Refuses what could leave the folder:
 * `..` segments (also percent-encoded), backslashes, NUL bytes, and symlinks that point outside.
 * A folder serves its `index.html`.
 */
export async function resolveRequest(root: string, rawUrl: string): Promise<RequestTarget> {
  const pathPart = rawUrl.split(/[?#]/, 1)[0] ?? '';
  if (!pathPart.startsWith('/')) return { kind: 'refused', status: 400 };
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathPart);
  } catch {
    return { kind: 'refused', status: 400 };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { kind: 'refused', status: 400 };
  const segments = decoded.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) return { kind: 'refused', status: 403 };
  return fileInside(root, join(root, ...segments), true);
}

async function fileInside(root: string, candidate: string, allowIndex: boolean): Promise<RequestTarget> {
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    return { kind: 'refused', status: 404 };
  }
  if (real !== root && !real.startsWith(root + sep)) return { kind: 'refused', status: 403 };
  const info = await stat(real);
  if (info.isDirectory()) {
    return allowIndex ? fileInside(root, join(real, 'index.html'), false) : { kind: 'refused', status: 404 };
  }
  return info.isFile() ? { kind: 'file', path: real, size: info.size } : { kind: 'refused', status: 404 };
}
