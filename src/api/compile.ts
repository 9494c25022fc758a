import { join } from 'node:path';
import { type CompiledGraph, compileGraph } from '../compile/compile-graph.js';
import type { CompiledNode } from '../model/compiled-node.js';
import type { GraphNode } from '../model/node.js';
import { targetDir, writeManifestArtifact } from './artifacts.js';
import { renderReadingWarehouse } from './compile/render-with-warehouse.js';
import { cachedFullCompile, reusableNodes, saveCompileCache } from './compile-cache.js';
import { compileInline } from './compile-inline.js';
import {
  type CompileThreads,
  compileInThreads,
  startTemplateWorkers,
  type TemplateWorkers,
} from './compile-workers.js';
import { compiledFiles } from './compiled-files.js';
import { compiledPathIn, fixtureFilesOf } from './compiled-paths.js';
import type { ProjectOptions, SelectionOptions } from './options.js';
import { type LoadedProject, type ParsedProject, parse } from './parse.js';
import { selectForCommand } from './select.js';
import { writeFilesInBackground } from './write-files-in-background.js';

export interface CompileResult {
  readonly parsed: ParsedProject;
  /** The compiled nodes; `reused` are those taken from the compile cache, not rendered. */
  readonly compiled: CompiledGraph & { readonly reused: ReadonlySet<string> };
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
  let early: TemplateWorkers | undefined;
  try {
    const parsed = await parse({
      ...options,
      // A project parsed in full is then rendered in full: its templates compile on another
      // thread meanwhile. (An unchanged one renders nothing: its compiled SQL is cached; after a
      // partial parse, only what the change reaches renders.)
      onLoaded: (loaded) => {
        if (options.inline === undefined && loaded.cached === 'none' && selectsEverything(options))
          early = earlyTemplateWorkers(loaded, options.compileWorkers);
      },
    });
    return await compileParsed(parsed, options, early);
  } finally {
    early?.stop();
  }
}

async function compileParsed(
  parsed: ParsedProject,
  options: SelectionOptions & { inline?: string; clock?: () => Date; compileWorkers?: CompileThreads },
  early: TemplateWorkers | undefined,
): Promise<CompileResult> {
  if (options.inline !== undefined) {
    const sql = compileInline(parsed, options.inline);
    parsed.reporter.report({ kind: 'output', text: sql });
    return {
      parsed,
      compiled: { manifest: parsed.manifest, nodes: new Map(), reused: new Set() },
      inlineSql: sql,
    };
  }
  const everything = selectsEverything(options);
  parsed.templates.facts.command = 'compile';
  const compiled = await renderReadingWarehouse(
    parsed,
    (everything ? cachedCompile(parsed) : undefined) ??
      (await compileSelectedInThreads(parsed, selectForCommand(parsed, options), {
        threads: options.compileWorkers,
        early,
        selection: everything ? 'all' : 'some',
      })),
  );
  await writeCompileArtifacts(parsed, compiled, (options.clock ?? (() => new Date()))(), {
    minFilesForWriter: options.compileWorkers?.minFilesForWriter,
  });
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
  useTemplateCache(parsed);
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
  options: {
    readonly threads?: CompileThreads;
    /** Workers started during the parse (see `compile`). */
    readonly early?: TemplateWorkers;
    /** `all` when `selected` is every node: the compile cache then says it is complete. */
    readonly selection?: 'all' | 'some';
  } = {},
): Promise<CompiledGraph & { reused: ReadonlySet<string> }> {
  const reusable = reusableNodes(parsed);
  useTemplateCache(parsed);
  parsed.templates.facts.selected = selected;
  const todo = selected.filter((id) => !reusable.has(id));
  const { nodes, diagnostics } = await compileInThreads(parsed, todo, options.threads, options.early);
  diagnostics.throwIfErrors();
  return withReused(parsed, selected, nodes, reusable, options.selection);
}

/** No `--select`, `--exclude` or `--selector`: every node. */
function selectsEverything(options: SelectionOptions): boolean {
  return !options.select?.length && !options.exclude?.length && !options.selector;
}

/**
 * An unchanged project compiled in full before: its compiled SQL, without reading the manifest
 * or rendering anything. Undefined when the cache does not hold exactly that.
 */
function cachedCompile(parsed: ParsedProject): (CompiledGraph & { reused: ReadonlySet<string> }) | undefined {
  const nodes = cachedFullCompile(parsed);
  if (nodes === undefined) return undefined;
  return {
    get manifest() {
      return parsed.manifest;
    },
    nodes,
    reused: new Set(nodes.keys()),
  };
}

/** Compiled templates are kept in `target/` between commands: see `TemplateCodes`. */
function useTemplateCache(parsed: Pick<ParsedProject, 'project' | 'templates'>): void {
  parsed.templates.codes.use(join(targetDir(parsed), TEMPLATE_CACHE_FILE));
}

/**
 * Workers compiling the project's SQL files while it is parsed, in the order compile renders
 * them (by node name); templates the cache in `target/` holds are left out.
 */
function earlyTemplateWorkers(loaded: LoadedProject, threads?: CompileThreads): TemplateWorkers | undefined {
  useTemplateCache(loaded);
  const files = loaded.project.files.filter(
    (file) => file.kind === 'model' || file.kind === 'analysis' || file.kind === 'test',
  );
  const name = (path: string) => path.slice(path.lastIndexOf('/') + 1);
  files.sort((a, b) => (name(a.path) < name(b.path) ? -1 : name(a.path) > name(b.path) ? 1 : 0));
  return startTemplateWorkers(
    files.map((file) => file.text),
    loaded.templates.codes,
    threads,
    'forward',
  );
}

/** Saves what was rendered to the compile caches; all selected nodes in selection order. */
function withReused(
  parsed: ParsedProject,
  selected: readonly string[],
  rendered: ReadonlyMap<string, CompiledNode>,
  reusable: ReadonlyMap<string, CompiledNode>,
  selection: 'all' | 'some' = 'some',
): CompiledGraph & { reused: ReadonlySet<string> } {
  // Nothing rendered: the cache on disk already holds every node, unless it must now say `all`.
  if (rendered.size > 0 || selection === 'all') saveCompileCache(parsed, rendered, reusable, selection);
  parsed.templates.codes.save(templateTexts(parsed));
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

const TEMPLATE_CACHE_FILE = 'compiled_templates.ldp';

function* templateTexts(parsed: ParsedProject): Iterable<string> {
  for (const node of parsed.manifest.nodes.values()) if ('rawSql' in node) yield node.rawSql;
}

/** `target/compiled/<project>/<original_file_path>`, relative to the project folder. */
export function compiledPathOf(parsed: ParsedProject, node: GraphNode): string {
  return compiledPathIn(parsed.project.config, node);
}

/**
 * Writes each node's SQL under `target/compiled` (see `writeFiles`) and `target/manifest.json`.
 * A large compile's files are written on another thread meanwhile (`writeFilesInBackground`).
 */
export async function writeCompileArtifacts(
  parsed: ParsedProject,
  compiled: CompiledGraph & { reused: ReadonlySet<string> },
  now: Date,
  options: { readonly minFilesForWriter?: number | undefined } = {},
): Promise<void> {
  const writing = writeFilesInBackground(
    compiledFiles(parsed.project.root, compiled.nodes.values(), compiled.reused),
    options.minFilesForWriter,
  );
  try {
    writeManifestArtifact(parsed, now);
  } finally {
    await writing;
  }
}
