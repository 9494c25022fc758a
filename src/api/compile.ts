import { mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type CompiledGraph, compileGraph } from '../compile/compile-graph.js';
import type { CompiledNode } from '../model/compiled-node.js';
import type { GraphNode } from '../model/node.js';
import { writeManifestArtifact } from './artifacts.js';
import { reusableNodes, saveCompileCache } from './compile-cache.js';
import { compileInline } from './compile-inline.js';
import { type CompileThreads, compileInThreads } from './compile-workers.js';
import { compiledPathIn, fixtureFilesOf } from './compiled-paths.js';
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
  options: ProjectOptions &
    SelectionOptions & {
      inline?: string;
      /** How large compiles use worker threads (defaults suit the machine). */
      compileWorkers?: CompileThreads;
    },
): Promise<CompileResult> {
  const parsed = await parse(options);
  if (options.inline !== undefined) {
    const sql = compileInline(parsed, options.inline);
    parsed.reporter.report({ kind: 'output', text: sql });
    return { parsed, compiled: { manifest: parsed.manifest, nodes: new Map() }, inlineSql: sql };
  }
  const compiled = await compileSelectedInThreads(
    parsed,
    selectForCommand(parsed, options),
    options.compileWorkers,
  );
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
  const { graph, diagnostics } = compileGraph({
    manifest: parsed.manifest,
    selected: selected.filter((id) => !reusable.has(id)),
    renderer: parsed.templates.engine,
    baseContext: parsed.templates.base,
    compiledPathOf: (node) => compiledPathOf(parsed, node),
    fixtureFiles: fixtureFilesOf(parsed.project.files),
  });
  diagnostics.throwIfErrors();
  return withReused(parsed, selected, graph.nodes, reusable);
}

/** `compileSelected`, with the renders of a large compile spread over worker threads. */
export async function compileSelectedInThreads(
  parsed: ParsedProject,
  selected: readonly string[],
  threads?: CompileThreads,
): Promise<CompiledGraph & { reused: ReadonlySet<string> }> {
  const reusable = reusableNodes(parsed);
  const todo = selected.filter((id) => !reusable.has(id));
  const { nodes, diagnostics } = await compileInThreads(parsed, todo, threads);
  diagnostics.throwIfErrors();
  return withReused(parsed, selected, nodes, reusable);
}

/** Saves what was rendered to the compile cache; all selected nodes in selection order. */
function withReused(
  parsed: ParsedProject,
  selected: readonly string[],
  rendered: ReadonlyMap<string, CompiledNode>,
  reusable: ReadonlyMap<string, CompiledNode>,
): CompiledGraph & { reused: ReadonlySet<string> } {
  saveCompileCache(parsed, rendered, reusable);
  const nodes = new Map<string, CompiledNode>();
  const reused = new Set<string>();
  for (const id of selected) {
    const node = rendered.get(id) ?? reusable.get(id);
    if (node === undefined) continue;
    nodes.set(id, node);
    if (!rendered.has(id)) reused.add(id);
  }
  return { manifest: parsed.manifest, nodes, reused };
}

/** `target/compiled/<project>/<original_file_path>`, relative to the project folder. */
export function compiledPathOf(parsed: ParsedProject, node: GraphNode): string {
  return compiledPathIn(parsed.project.config, node);
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

/**
 * Writes each node's SQL under `target/compiled`. A folder this call creates is empty, so its
 * files are written straight away: a first compile creates thousands of files and must not look
 * for each one first.
 */
export function writeCompiledFiles(
  parsed: ParsedProject,
  compiled: CompiledGraph & { reused: ReadonlySet<string> },
): void {
  const newDirs = new Map<string, boolean>();
  const write = (relativePath: string, sql: string, unchanged: boolean) => {
    const path = join(parsed.project.root, relativePath);
    const dir = dirname(path);
    let isNew = newDirs.get(dir);
    if (isNew === undefined) {
      isNew = mkdirSync(dir, { recursive: true }) !== undefined;
      newDirs.set(dir, isNew);
    }
    const content = sql.endsWith('\n') ? sql : `${sql}\n`;
    if (isNew) writeFileSync(path, content);
    else writeIfChanged(path, content, unchanged);
  };
  for (const node of compiled.nodes.values()) {
    const unchanged = compiled.reused.has(node.uniqueId);
    write(node.compiledPath, node.sql, unchanged);
    if (node.incrementalSql !== undefined) {
      write(node.compiledPath.replace(/\.sql$/, '.incremental.sql'), node.incrementalSql, unchanged);
    }
  }
}
