import { join } from 'node:path';
import type { CompiledGraph } from '../../compile/compile-graph.js';
import { Diagnostics, type LdpError } from '../../errors/index.js';
import type { CompiledNode } from '../../model/compiled-node.js';
import { targetDir, writeManifestArtifact, writeManifestArtifactInBackground } from '../session/artifacts.js';
import type { LoadedProject, ParsedProject } from '../session/parse.js';
import { cachedFullCompile, reusableNodes, saveCompileCache } from './compile-cache.js';
import {
  type CompileThreads,
  compileInThreads,
  startTemplateWorkers,
  type TemplateWorkers,
} from './compile-workers.js';
import { compiledFiles } from './compiled-files.js';
import { writeFilesInBackground } from './write-files-in-background.js';

/** The compiled nodes of a command; `reused` are those taken from the compile cache, not rendered. */
export type CompiledSelection = CompiledGraph & {
  readonly reused: ReadonlySet<string>;
  /** `failures: 'per-node'`: the nodes that failed to render, with their error. */
  readonly failed?: ReadonlyMap<string, LdpError>;
};

export interface CompileNodesOptions {
  /** How large compiles use worker threads (defaults suit the machine; small ones use none). */
  readonly threads?: CompileThreads | undefined;
  /** Workers started during the parse (see `earlyTemplateWorkers`). */
  readonly early?: TemplateWorkers | undefined;
  /** `all` when `selected` is every node: the compile cache then says it is complete. */
  readonly selection?: 'all' | 'some';
  /**
   * `throw` (default): every render error at once, as a command that builds must. `leave-out`:
   * a node that fails to render is left out — lineage and docs describe what compiles, and
   * reporting the failure is the job of the command that builds the node. `per-node`: left out
   * and returned in `failed`, for a command that fails each such node when it runs.
   */
  readonly failures?: 'throw' | 'leave-out' | 'per-node';
  /** Nodes the command compiled already: taken as they are. */
  readonly known?: ReadonlyMap<string, CompiledNode>;
}

/**
 * The one way `api` compiles nodes: `selected` in order, each from `known`, else from the compile
 * cache when nothing it depends on changed, else rendered now (templates compiled on worker
 * threads when there are enough of them). What was rendered joins the caches for next time.
 */
export async function compileNodes(
  parsed: ParsedProject,
  selected: readonly string[],
  options: CompileNodesOptions = {},
): Promise<CompiledSelection> {
  const known = options.known ?? new Map<string, CompiledNode>();
  const reusable = reusableNodes(parsed);
  if (options.failures !== 'leave-out') parsed.templates.facts.selected = selected;
  const todo = selected.filter((id) => !reusable.has(id) && !known.has(id));
  if (worthTemplateCache(parsed, todo.length)) useTemplateCache(parsed);
  const { nodes, diagnostics, failed } = await compileInThreads(parsed, todo, options.threads, options.early);
  if (options.failures === undefined || options.failures === 'throw') diagnostics.throwIfErrors();
  if (options.failures === 'per-node') throwDefinitionErrors(failed);
  for (const [id, node] of known) if (!nodes.has(id)) nodes.set(id, node);
  const compiled = withReused(
    parsed,
    selected,
    nodes,
    reusable,
    failed.size > 0 ? 'some' : options.selection,
  );
  return options.failures === 'per-node' && failed.size > 0 ? { ...compiled, failed } : compiled;
}

/**
 * An unchanged project compiled in full before: its compiled SQL, without reading the manifest
 * or rendering anything. Undefined when the cache does not hold exactly that.
 */
export function cachedCompile(parsed: ParsedProject): CompiledSelection | undefined {
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

/**
 * Whether rendering `count` nodes is worth reading the compiled templates kept in `target/`:
 * not when they are a small part of the project (the edit loop's `ldp compile -s model`), as
 * compiling their few templates costs less than reading every template of a large project.
 */
function worthTemplateCache(parsed: ParsedProject, count: number): boolean {
  return count * SMALL_COMPILE_SHARE >= parsed.manifest.nodes.size;
}

/** A compile rendering less than this fraction (1/n) of the nodes compiles its templates anew. */
const SMALL_COMPILE_SHARE = 16;

/** Compiled templates are kept in `target/` between commands: see `TemplateCodes`. */
function useTemplateCache(parsed: Pick<ParsedProject, 'project' | 'templates'>): void {
  parsed.templates.codes.use(join(targetDir(parsed), TEMPLATE_CACHE_FILE));
}

/**
 * Workers compiling the project's SQL files while it is parsed, in the order compile renders
 * them (by node name); templates the cache in `target/` holds are left out.
 */
export function earlyTemplateWorkers(
  loaded: LoadedProject,
  threads?: CompileThreads,
): TemplateWorkers | undefined {
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
): CompiledSelection {
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

/**
 * Writes each node's SQL under `target/compiled` (see `writeFiles`) and `target/manifest.json`
 * (unless `startManifest` started writing it while the nodes compiled). A large compile's files
 * are written on another thread meanwhile (`writeFilesInBackground`).
 */
export async function writeCompileArtifacts(
  parsed: ParsedProject,
  compiled: CompiledSelection,
  now: Date,
  options: {
    readonly minFilesForWriter?: number | undefined;
    readonly manifest?: ManifestWriting | undefined;
  } = {},
): Promise<void> {
  const writing = writeFilesInBackground(
    compiledFiles(parsed.project.root, compiled.nodes.values(), compiled.reused),
    options.minFilesForWriter,
  );
  try {
    if (options.manifest) await options.manifest.written;
    else writeManifestArtifact(parsed, now);
  } finally {
    await writing;
  }
}

/** `target/manifest.json` being written (see `startManifest`). */
export interface ManifestWriting {
  readonly written: Promise<string>;
}

/**
 * Starts writing `target/manifest.json` for a command that compiles next: the manifest depends
 * on the parse alone (dbt writes it once parsing is done), and after a partial parse its bytes
 * are copied by the thread pool while the nodes compile (`writeManifestArtifactInBackground`).
 */
export function startManifest(parsed: ParsedProject, now: Date): ManifestWriting {
  const written = writeManifestArtifactInBackground(parsed, now);
  // Awaited by `writeCompileArtifacts`; when compiling fails first, its own error is the one told.
  written.catch(() => {});
  return { written };
}

/**
 * Codes of errors that come from rendering a node (the template family, and compile-time calls of
 * nodes that do not exist): with `failures: 'per-node'` they fail their node when it runs, as
 * dbt's run does.
 */
const RENDER_ERROR_CODE = /^LDP(2\d\d|30[89])$/;

/**
 * A broken definition (a data test or unit test that names what does not exist, malformed
 * fixture rows) stops the command before anything runs, as dbt's parse stops it.
 */
function throwDefinitionErrors(failed: ReadonlyMap<string, LdpError>): void {
  const diagnostics = new Diagnostics();
  for (const error of failed.values()) if (!RENDER_ERROR_CODE.test(error.code)) diagnostics.error(error);
  diagnostics.throwIfErrors();
}
