import { readFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { LdpError } from '../errors/index.js';
import type { ProjectConfig, SourceFile, SourceFileKind } from '../model/project.js';
import { walkFiles } from '../util/walk-files.js';

const SKIPPED_FOLDERS = new Set([
  'node_modules',
  'dbt_packages',
  'dbt_modules',
  'target',
  'warehouse',
  'logs',
]);

interface Root {
  readonly path: string;
  readonly kindOf: (file: string) => SourceFileKind | undefined;
}

/**
 * Every file of the project, by kind, sorted by path. Text is read for everything except seeds
 * (the engine reads those). Folders that hold generated output are never walked.
 */
export function discoverFiles(
  root: string,
  config: ProjectConfig,
): { files: SourceFile[]; errors: LdpError[] } {
  const roots: Root[] = [
    ...config.modelPaths.map((path) => ({ path, kindOf: modelKind })),
    ...config.seedPaths.map((path) => ({
      path,
      kindOf: (f: string) => (f.endsWith('.csv') ? 'seed' : propertiesKind(f)),
    })),
    ...config.macroPaths.map((path) => ({
      path,
      kindOf: (f: string) => (f.endsWith('.sql') ? 'macro' : propertiesKind(f)),
    })),
    ...config.testPaths.map((path) => ({ path, kindOf: testKind })),
    ...config.snapshotPaths.map((path) => ({
      path,
      kindOf: (f: string) => (f.endsWith('.sql') ? 'snapshot' : propertiesKind(f)),
    })),
    ...config.analysisPaths.map((path) => ({
      path,
      kindOf: (f: string) => (f.endsWith('.sql') ? 'analysis' : propertiesKind(f)),
    })),
  ] as Root[];
  const seen = new Map<string, SourceFile>();
  const errors: LdpError[] = [];
  const skip = new Set([...SKIPPED_FOLDERS, config.targetPath]);
  for (const { path: rootPath, kindOf } of roots) {
    for (const file of walkFiles(join(root, rootPath), (name) => name.startsWith('.') || skip.has(name))) {
      if (basename(file).startsWith('.')) continue;
      const rel = toPosix(relative(root, file));
      if (seen.has(rel)) continue;
      if (rel.endsWith('.py')) {
        errors.push(
          new LdpError({
            code: 'LDP120',
            message: `Python models are not supported: ${rel}`,
            span: { file: rel, line: 1, col: 1 },
            hint: 'Write the model in SQL, or move the file out of the model paths.',
          }),
        );
        continue;
      }
      const kind = kindOf(rel);
      if (kind === undefined) continue;
      seen.set(rel, {
        kind,
        path: rel,
        absolutePath: file,
        rootPath: toPosix(rootPath),
        text: kind === 'seed' ? '' : readFileSync(file, 'utf8'),
      });
    }
  }
  for (const docsRoot of config.docsPaths) {
    for (const file of walkFiles(join(root, docsRoot), (name) => name.startsWith('.') || skip.has(name))) {
      const rel = toPosix(relative(root, file));
      if (rel.endsWith('.md') && !seen.has(rel)) {
        seen.set(rel, {
          kind: 'docs',
          path: rel,
          absolutePath: file,
          rootPath: toPosix(docsRoot),
          text: readFileSync(file, 'utf8'),
        });
      }
    }
  }
  return {
    files: [...seen.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    errors,
  };
}

function modelKind(file: string): SourceFileKind | undefined {
  return file.endsWith('.sql') ? 'model' : propertiesKind(file);
}

/** `tests/generic/*.sql` hold `{% test %}` blocks (macro-like); other test files are singular tests. */
function testKind(file: string): SourceFileKind | undefined {
  if (file.endsWith('.sql')) return /(^|\/)generic\//.test(file) ? 'macro' : 'test';
  return propertiesKind(file);
}

function propertiesKind(file: string): SourceFileKind | undefined {
  if (file.endsWith('.yml') || file.endsWith('.yaml')) return 'properties';
  return undefined;
}

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
