import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { CompiledNode } from '../model/compiled-node.js';
import type { ParsedProject } from './parse.js';

const CACHE_FORMAT = 1;

/**
 * Names whose value changes between invocations: a template using them must render every time.
 * (`env_var` is not here: the environment variables a compile reads are recorded and compared.)
 */
const VOLATILE = /\b(run_started_at|invocation_id|modules)\b/;

interface CompileCache {
  readonly format: number;
  readonly inputs: string;
  readonly env: readonly (readonly [string, string | null])[];
  readonly nodes: ReadonlyMap<string, CompiledNode>;
}

function cachePath(parsed: ParsedProject): string {
  return join(parsed.project.root, parsed.project.config.targetPath, 'compile_cache.ldp');
}

/**
 * Compiled nodes that can be reused: the parse was unchanged (same fingerprint), the environment
 * variables read are unchanged, and neither the node nor any project macro uses a value that
 * changes per run. Everything else renders again.
 */
export function reusableNodes(parsed: ParsedProject): ReadonlyMap<string, CompiledNode> {
  if (!parsed.fromCache) return new Map();
  if (parsed.project.files.some((file) => file.kind === 'macro' && VOLATILE.test(file.text)))
    return new Map();
  let cache: CompileCache;
  try {
    cache = deserialize(readFileSync(cachePath(parsed))) as CompileCache;
  } catch {
    return new Map();
  }
  if (cache.format !== CACHE_FORMAT || cache.inputs !== parsed.inputsFingerprint) return new Map();
  if (cache.env.some(([name, value]) => (parsed.env[name] ?? null) !== value)) return new Map();
  const reusable = new Map<string, CompiledNode>();
  for (const [id, compiled] of cache.nodes) {
    const node = parsed.manifest.nodes.get(id);
    if (node && 'rawSql' in node && !VOLATILE.test(node.rawSql)) reusable.set(id, compiled);
  }
  return reusable;
}

/** Saves what this compile rendered, with the nodes of earlier compiles that are still valid. */
export function saveCompileCache(
  parsed: ParsedProject,
  compiled: ReadonlyMap<string, CompiledNode>,
  reused: ReadonlyMap<string, CompiledNode>,
): void {
  const nodes = new Map([...reused, ...compiled]);
  const cache: CompileCache = {
    format: CACHE_FORMAT,
    inputs: parsed.inputsFingerprint,
    env: [...parsed.envReads].map(([name, value]) => [name, value ?? null] as const),
    nodes,
  };
  const path = cachePath(parsed);
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, serialize(cache));
  renameSync(temporary, path);
}
