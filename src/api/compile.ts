import { mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type CompiledGraph, compileGraph } from '../compile/compile-graph.js';
import type { GraphNode } from '../model/node.js';
import { writeManifestArtifact } from './artifacts.js';
import { reusableNodes, saveCompileCache } from './compile-cache.js';
import { compileInline } from './compile-inline.js';
import type { ProjectOptions, SelectionOptions } from './options.js';
import { type ParsedProject, parse } from './parse.js';
import { selectForCommand } from './select.js';

export interface CompileResult {
  readonly parsed: ParsedProject;
  readonly compiled: CompiledGraph;
  /** The rendered SQL of `--inline`, when given. */
  readonly inlineSql?: string;
}

/**
 * `ldp compile`: renders the selected nodes and writes each to
 * `target/compiled/<project>/<original path>` (incremental models also to `<name>.incremental.sql`).
 */
export async function compile(
  options: ProjectOptions & SelectionOptions & { inline?: string },
): Promise<CompileResult> {
  const parsed = await parse(options);
  if (options.inline !== undefined) {
    const sql = compileInline(parsed, options.inline);
    parsed.reporter.report({ kind: 'output', text: sql });
    return { parsed, compiled: { manifest: parsed.manifest, nodes: new Map() }, inlineSql: sql };
  }
  const compiled = compileSelected(parsed, selectForCommand(parsed, options));
  writeCompiledFiles(parsed, compiled);
  writeManifestArtifact(parsed, (options.clock ?? (() => new Date()))());
  parsed.reporter.report({
    kind: 'info',
    message: `Compiled ${compiled.nodes.size} nodes to ${join(parsed.project.config.targetPath, 'compiled')}`,
  });
  return { parsed, compiled };
}

/**
 * Renders the given nodes; throws every render error at once. Nodes whose inputs did not change
 * since the last compile are taken from the compile cache instead of rendered again.
 */
export function compileSelected(
  parsed: ParsedProject,
  selected: readonly string[],
): CompiledGraph & { reused: ReadonlySet<string> } {
  const reusable = reusableNodes(parsed);
  const reused = new Map(
    selected.flatMap((id) => (reusable.has(id) ? [[id, reusable.get(id)!] as const] : [])),
  );
  const { graph, diagnostics } = compileGraph({
    manifest: parsed.manifest,
    selected: selected.filter((id) => !reused.has(id)),
    renderer: parsed.templates.engine,
    baseContext: parsed.templates.base,
    compiledPathOf: (node) => compiledPathOf(parsed, node),
  });
  diagnostics.throwIfErrors();
  saveCompileCache(parsed, graph.nodes, reusable);
  const nodes = new Map([...reused, ...graph.nodes]);
  const ordered = new Map(selected.flatMap((id) => (nodes.has(id) ? [[id, nodes.get(id)!] as const] : [])));
  return { manifest: graph.manifest, nodes: ordered, reused: new Set(reused.keys()) };
}

/** `target/compiled/<project>/<original_file_path>`, relative to the project folder. */
export function compiledPathOf(parsed: ParsedProject, node: GraphNode): string {
  const base = join(parsed.project.config.targetPath, 'compiled', parsed.project.config.name);
  if (node.resourceType === 'test' && node.testType === 'generic') {
    return join(base, node.originalFilePath, basename(node.path));
  }
  if (node.resourceType === 'snapshot') return join(base, dirname(node.originalFilePath), `${node.name}.sql`);
  return join(base, node.originalFilePath);
}

/**
 * Leaves unchanged files alone and replaces changed ones by unlink + create: overwriting in place
 * makes ext4 flush each file (its replace-by-truncate safeguard), five times slower on large projects.
 */
function writeIfChanged(path: string, content: string, unchanged: boolean): void {
  // A reused node renders exactly what the last compile wrote: a file of that size is that file.
  if (unchanged && statSync(path, { throwIfNoEntry: false })?.size === Buffer.byteLength(content)) return;
  let existing: string | undefined;
  try {
    existing = readFileSync(path, 'utf8');
  } catch {
    existing = undefined;
  }
  if (existing === content) return;
  if (existing !== undefined) unlinkSync(path);
  writeFileSync(path, content);
}

export function writeCompiledFiles(
  parsed: ParsedProject,
  compiled: CompiledGraph & { reused: ReadonlySet<string> },
): void {
  const madeDirs = new Set<string>();
  const write = (relativePath: string, sql: string, unchanged: boolean) => {
    const path = join(parsed.project.root, relativePath);
    const dir = dirname(path);
    if (!madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      madeDirs.add(dir);
    }
    writeIfChanged(path, sql.endsWith('\n') ? sql : `${sql}\n`, unchanged);
  };
  for (const node of compiled.nodes.values()) {
    const unchanged = compiled.reused.has(node.uniqueId);
    write(node.compiledPath, node.sql, unchanged);
    if (node.incrementalSql !== undefined) {
      write(node.compiledPath.replace(/\.sql$/, '.incremental.sql'), node.incrementalSql, unchanged);
    }
  }
}
