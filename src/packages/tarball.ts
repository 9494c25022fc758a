import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tar from 'tar';
import { LdpError, type Span } from '../errors/index.js';
import { fetchOrFail, httpError } from './hub-client.js';

/**
 * Downloads a `.tar.gz` with Node's fetch and extracts it into `dir` (which must not exist).
 * Returns the package folder: the archive's single top folder (GitHub archives have one), or
 * `dir` itself. tar refuses absolute paths and `..`, so nothing lands outside `dir`.
 */
export async function downloadTarball(
  fetchFn: typeof fetch,
  url: string,
  dir: string,
  what: string,
  span: Span | undefined,
): Promise<string> {
  const response = await fetchOrFail(fetchFn, url, what, span);
  if (!response.ok) throw httpError(what, url, response.status, span);
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw new LdpError(
      {
        code: 'LDP853',
        message: `could not fetch ${what} from ${url}: the download broke off`,
        ...(span ? { span } : {}),
      },
      { cause: error },
    );
  }
  const archive = `${dir}.tar.gz`;
  writeFileSync(archive, bytes);
  mkdirSync(dir, { recursive: true });
  try {
    await tar.x({ file: archive, cwd: dir, strict: true });
  } catch (error) {
    throw new LdpError(
      {
        code: 'LDP862',
        message: `${what} from ${url} is not a readable .tar.gz archive: ${(error as Error).message}`,
        ...(span !== undefined ? { span } : {}),
        hint: 'The URL must point at a gzipped tar of a dbt project.',
      },
      { cause: error },
    );
  }
  const entries = readdirSync(dir);
  const only = entries.length === 1 ? join(dir, entries[0]!) : undefined;
  return only !== undefined && statSync(only).isDirectory() ? only : dir;
}
