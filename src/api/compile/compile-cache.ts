import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { SelectionGraph } from '../../graph/selection/index.js';
import type { CompiledNode } from '../../model/compiled-node.js';
import type { ParsedProject } from '../session/parse.js';
import { envValueHash } from '../session/partial-parse.js';

const CACHE_FORMAT = 3;

/**
 * Names whose value changes between invocations: a template using them must render every time.
 * (`env_var` is not here: the environment variables a compile reads are recorded, as hashes of
 * their values, and compared.)
 */
const VOLATILE = /\b(run_started_at|invocation_id|modules)\b/;

interface CompileCache {
  readonly format: number;
  readonly inputs: string;
  /** Environment variables read, with hashes of their values (`envValueHash`), never the values. */
  readonly env: readonly (readonly [string, string | null])[];
  readonly nodes: ReadonlyMap<string, CompiledNode>;
  /**
   * `all` when `nodes` is exactly what compiling every node gives (a compile without selection
   * that rendered no per-run value): a later such compile of the same parse is this map.
   */
  readonly selection: 'all' | 'some';
}

function cachePath(parsed: ParsedProject): string {
  return join(parsed.project.root, parsed.project.config.targetPath, 'compile_cache.ldp');
}

/**
 * Compiled nodes that can be reused: the compile was of this parse (same fingerprint), or of the
 * parse a partial parse started from; the environment variables read are unchanged; and neither
 * the node nor any project macro uses a value that changes per run. After a partial parse, the
 * changed nodes and everything downstream of them (ephemeral models are inlined there, unit tests
 * run their model's SQL) render again. Everything else is reused.
 */
export function reusableNodes(parsed: ParsedProject): ReadonlyMap<string, CompiledNode> {
  const cache = validCache(parsed, { afterPartialParse: true });
  if (cache === undefined) return new Map();
  const stale = parsed.partialParse ? downstreamOf(parsed, parsed.partialParse.nodes) : new Set<string>();
  const reusable = new Map<string, CompiledNode>();
  for (const [id, compiled] of cache.nodes) {
    const node = parsed.manifest.nodes.get(id);
    if (node && 'rawSql' in node && !VOLATILE.test(node.rawSql) && !stale.has(id)) reusable.set(id, compiled);
  }
  return reusable;
}

/** The nodes `ids` and every node downstream of them (unit tests count as their model's children). */
function downstreamOf(parsed: ParsedProject, ids: readonly string[]): Set<string> {
  return new Set([...ids, ...new SelectionGraph(parsed.manifest).descendants(ids)]);
}

/**
 * The compiled nodes of a compile of every node, when the cache holds exactly that for this
 * parse: the command then needs neither the manifest nor the templates. Undefined otherwise.
 */
export function cachedFullCompile(parsed: ParsedProject): ReadonlyMap<string, CompiledNode> | undefined {
  const cache = validCache(parsed, { afterPartialParse: false });
  if (cache?.selection !== 'all') return undefined;
  // In selection order (sorted unique ids), as a compile returns them.
  return new Map([...cache.nodes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The compile cache, if it was written for this parse (or, with `afterPartialParse`, for the
 * parse a partial parse started from, when no relation changed) and this environment.
 */
function validCache(
  parsed: ParsedProject,
  { afterPartialParse }: { afterPartialParse: boolean },
): CompileCache | undefined {
  const inputs = compiledParse(parsed, afterPartialParse);
  if (inputs === undefined) return undefined;
  if (parsed.project.files.some((file) => file.kind === 'macro' && VOLATILE.test(file.text)))
    return undefined;
  let cache: CompileCache;
  try {
    cache = deserialize(readFileSync(cachePath(parsed))) as CompileCache;
  } catch {
    return undefined;
  }
  if (cache.format !== CACHE_FORMAT || cache.inputs !== inputs) return undefined;
  if (cache.env.some(([name, hash]) => (envValueHash(parsed.env[name]) ?? null) !== hash)) return undefined;
  return cache;
}

/** The fingerprint of the parse whose compiled nodes this one may reuse, if any. */
function compiledParse(parsed: ParsedProject, afterPartialParse: boolean): string | undefined {
  if (parsed.fromCache) return parsed.inputsFingerprint;
  if (afterPartialParse && parsed.partialParse?.sameRelations) return parsed.partialParse.from;
  return undefined;
}

/**
 * Saves what this compile rendered, with the nodes of earlier compiles that are still valid.
 * `selection` is `all` for a compile of every node (see `cachedFullCompile`).
 */
export function saveCompileCache(
  parsed: ParsedProject,
  compiled: ReadonlyMap<string, CompiledNode>,
  reused: ReadonlyMap<string, CompiledNode>,
  selection: 'all' | 'some' = 'some',
): void {
  const nodes = new Map([...reused, ...compiled]);
  // A node rendering a per-run value renders again next time: this is not a reusable full compile.
  const volatile = [...compiled.keys()].some((id) => {
    const node = parsed.manifest.nodes.get(id);
    return node !== undefined && 'rawSql' in node && VOLATILE.test(node.rawSql);
  });
  const cache: CompileCache = {
    format: CACHE_FORMAT,
    inputs: parsed.inputsFingerprint,
    env: [...parsed.envReads].map(([name, value]) => [name, value ?? null] as const),
    nodes,
    selection: selection === 'all' && !volatile ? 'all' : 'some',
  };
  const path = cachePath(parsed);
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, serialize(cache));
  renameSync(temporary, path);
}
