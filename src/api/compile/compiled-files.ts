import { mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CompiledNode } from '../../model/compiled-node.js';

/** One file of `target/compiled`: where, what, and whether the compile reused its node. */
export interface CompiledFile {
  readonly path: string;
  readonly content: string;
  /** The node came from the compile cache: the file the last compile wrote is this one. */
  readonly unchanged: boolean;
}

/** The files of compiled nodes (incremental models have a second one), below the project `root`. */
export function compiledFiles(
  root: string,
  nodes: Iterable<CompiledNode>,
  reused: ReadonlySet<string>,
): CompiledFile[] {
  const files: CompiledFile[] = [];
  const add = (relativePath: string, sql: string, unchanged: boolean) =>
    files.push({ path: join(root, relativePath), content: sql.endsWith('\n') ? sql : `${sql}\n`, unchanged });
  for (const node of nodes) {
    const unchanged = reused.has(node.uniqueId);
    add(node.compiledPath, node.sql, unchanged);
    if (node.incrementalSql !== undefined)
      add(node.compiledPath.replace(/\.sql$/, '.incremental.sql'), node.incrementalSql, unchanged);
  }
  return files;
}

/**
 * Writes the files. A folder this call creates is empty, so its files are written straight
 * away: a first compile creates thousands of files and must not look for each one first.
 */
export function writeFiles(files: readonly CompiledFile[]): void {
  const newDirs = new Map<string, boolean>();
  for (const file of files) {
    const dir = dirname(file.path);
    let isNew = newDirs.get(dir);
    if (isNew === undefined) {
      isNew = mkdirSync(dir, { recursive: true }) !== undefined;
      newDirs.set(dir, isNew);
    }
    if (isNew) writeFileSync(file.path, file.content);
    else writeIfChanged(file.path, file.content, file.unchanged);
  }
}

/**
 * Leaves unchanged files alone and replaces changed ones by unlink + create: overwriting in place
 * makes ext4 flush each file (its replace-by-truncate safeguard), five times slower on large projects.
 */
function writeIfChanged(path: string, content: string, unchanged: boolean): void {
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing === undefined) {
    writeFileSync(path, content);
    return;
  }
  // A reused node renders exactly what the last compile wrote: a file of that size is that file.
  const sameSize = existing.size === Buffer.byteLength(content);
  if (sameSize && (unchanged || readFileSync(path, 'utf8') === content)) return;
  unlinkSync(path);
  writeFileSync(path, content);
}
