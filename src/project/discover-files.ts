import { statSync } from 'node:fs';
import { basename, posix, relative, resolve, sep } from 'node:path';
import type { ProjectConfig, SourceFile, SourceFileKind } from '../model/project.js';
import { walkFiles } from '../util/walk-files.js';
import { diskFile } from './disk-file.js';

/** Folders of installed packages: never part of the project's own files. */
const PACKAGE_FOLDERS = new Set(['node_modules', 'dbt_packages', 'dbt_modules']);
/** Files at the project root that are never properties, even when a path is `.`. */
const ROOT_FILES = new Set([
  'ldp_project.yml',
  'dbt_project.yml',
  'profiles.yml',
  'selectors.yml',
  'packages.yml',
  'dependencies.yml',
  'package-lock.yml',
]);

interface Root {
  readonly path: string;
  /** The kind of a file from its path below this root, or undefined to ignore it. */
  readonly kindOf: (below: string) => SourceFileKind | undefined;
}

export interface DiscoverOptions {
  /** Absolute folders never walked besides the target path, e.g. the target's warehouse. */
  readonly skip?: readonly string[];
}

/**
 * Every file of the project, by kind, sorted by path, each with its stamp; its text is read when
 * first used (never for seeds: the engine reads those). Dot-folders, package folders, the target
 * path, `logs` and the warehouse are never walked. Files are read synchronously: for thousands of
 * small files that is several times faster in Node than `fs.promises` (measured: 10,000 files in
 * ~0.1 s vs ~0.6 s).
 */
export function discoverFiles(
  root: string,
  config: ProjectConfig,
  options: DiscoverOptions = {},
): SourceFile[] {
  const skipped = new Set(
    [config.targetPath, 'logs', 'warehouse', ...(options.skip ?? [])].map((path) => resolve(root, path)),
  );
  const skipFolder = (name: string) => name.startsWith('.') || PACKAGE_FOLDERS.has(name);
  // Generated folders are matched by place, not name: `models/logs/` may well hold models.
  const inSkipped = (file: string) => [...skipped].some((folder) => file.startsWith(folder + sep));
  const seen = new Map<string, SourceFile>();
  for (const { path: rootPath, kindOf } of rootsOf(config)) {
    const base = resolve(root, rootPath);
    if (skipped.has(base)) continue;
    const nested = [...skipped].some((folder) => folder.startsWith(base + sep));
    for (const file of walkFiles(base, skipFolder)) {
      if (basename(file).startsWith('.') || (nested && inSkipped(file))) continue;
      const rel = toPosix(below(root, file));
      if (seen.has(rel) || ROOT_FILES.has(rel)) continue;
      const kind = kindOf(toPosix(below(base, file)));
      if (kind === undefined) continue;
      // Removed since its folder was listed: as if it had not been there.
      const stats = statSync(file, { throwIfNoEntry: false });
      if (stats === undefined) continue;
      seen.set(rel, diskFile({ kind, path: rel, absolutePath: file, rootPath: toPosix(rootPath) }, stats));
    }
  }
  return [...seen.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Each configured path with what its files are. A file under two roots belongs to the deeper one
 * (`tests/` inside a `.` model path holds tests), else to the first configured.
 */
function rootsOf(config: ProjectConfig): Root[] {
  const sqlOr = (kind: SourceFileKind) => (file: string) =>
    file.endsWith('.sql') ? kind : propertiesKind(file);
  const depth = (path: string) =>
    posix
      .normalize(toPosix(path))
      .split('/')
      .filter((p) => p !== '.').length;
  const roots: Root[] = [
    ...config.modelPaths.map((path) => ({ path, kindOf: modelKind })),
    ...config.seedPaths.map((path) => ({
      path,
      kindOf: (file: string) => (file.endsWith('.csv') ? 'seed' : propertiesKind(file)),
    })),
    ...config.macroPaths.map((path) => ({ path, kindOf: sqlOr('macro') })),
    ...config.testPaths.map((path) => ({ path, kindOf: testKind })),
    ...config.snapshotPaths.map((path) => ({ path, kindOf: sqlOr('snapshot') })),
    ...config.analysisPaths.map((path) => ({ path, kindOf: sqlOr('analysis') })),
    ...config.docsPaths.map((path) => ({
      path,
      kindOf: (file: string) => (file.endsWith('.md') ? ('docs' as const) : undefined),
    })),
  ];
  return roots.sort((a, b) => depth(b.path) - depth(a.path));
}

function modelKind(file: string): SourceFileKind | undefined {
  if (file.endsWith('.py')) return 'python_model';
  return file.endsWith('.sql') ? 'model' : propertiesKind(file);
}

/**
 * `<test-path>/generic/**.sql` hold `{% test %}` blocks (macro-like); `<test-path>/fixtures/**`
 * hold unit-test rows (`.csv`, `.sql`); other test files are singular tests.
 */
function testKind(file: string): SourceFileKind | undefined {
  if (file.startsWith('fixtures/'))
    return file.endsWith('.csv') || file.endsWith('.sql') ? 'fixture' : undefined;
  if (file.endsWith('.sql')) return file.startsWith('generic/') ? 'macro' : 'test';
  return propertiesKind(file);
}

function propertiesKind(file: string): SourceFileKind | undefined {
  return file.endsWith('.yml') || file.endsWith('.yaml') ? 'properties' : undefined;
}

/** `relative(folder, file)`, by slicing when the file is inside the folder (the common case). */
function below(folder: string, file: string): string {
  return file.length > folder.length + 1 && file.startsWith(folder) && file[folder.length] === sep
    ? file.slice(folder.length + 1)
    : relative(folder, file);
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
