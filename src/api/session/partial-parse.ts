import { createHash } from 'node:crypto';
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { type DiagnosticInit, fileSystemError, LdpError } from '../../errors/index.js';
import type { Manifest } from '../../model/manifest.js';
import type { Project, SourceFile } from '../../model/project.js';
import type { PropertiesFile } from '../../model/properties.js';
import { isSqlFileKind } from '../../parse/sql-nodes.js';
import type { FileHashes } from './file-hashes.js';
import { LDP_VERSION } from './ldp-version.js';
import { decodeBody, encodeBody, type ParseCacheBody, type StoredBody } from './parse-cache-body.js';

const CACHE_FORMAT = 7;
export const PARSE_CACHE_FILE = 'partial_parse.ldp';

/**
 * What a parse produced, kept in `target/` so an unchanged project is not parsed again. The file
 * holds a small header (validity, warnings, summary) and then the manifest, read only when a
 * command needs it: `ldp parse` of an unchanged project never does.
 */
interface ParseCacheHeader {
  readonly format: number;
  readonly inputs: string;
  /** The inputs but the text of model, analysis and singular test files (see `ParseInputs`). */
  readonly global: string;
  /**
   * Environment variables the parse read, with a hash of their values (`envValueHash`): a changed
   * one invalidates. Never the values: a profile may read a password from the environment.
   */
  readonly env: readonly (readonly [string, string | null])[];
  readonly warnings: readonly DiagnosticInit[];
  /** `Found 12 models, …` for the manifest below. */
  readonly summary: string;
}

/**
 * A usable cached parse. `exact`: every input is as it was. Otherwise only the text of some
 * model, analysis or singular test files changed, and the parse can be redone for those alone.
 * `manifest()` and `parsed()` read the body of the file on first call.
 */
export interface CachedParse {
  readonly exact: boolean;
  /** The `all` fingerprint of the inputs the cached parse read. */
  readonly inputs: string;
  readonly manifest: () => Manifest;
  /** The manifest without its parent and child maps, and the properties files: for a partial parse. */
  readonly parsed: () => {
    readonly manifest: Omit<Manifest, 'parentMap' | 'childMap'>;
    readonly properties: readonly PropertiesFile[];
  };
  /** The body as stored: a cache written after a partial parse copies its unchanged parts. */
  readonly stored: () => StoredBody;
  readonly warnings: LdpError[];
  readonly summary: string;
  /** Environment variables the cached parse read, with hashes of their values. */
  readonly envReads: ReadonlyMap<string, string | undefined>;
}

/**
 * Fingerprints of what a parse reads. `all` covers every input; `global` every input but the
 * text of model, analysis and singular test files (their paths are in it), so that a cache
 * whose `global` matches can be brought up to date by re-parsing those files alone.
 */
export interface ParseInputs {
  readonly all: string;
  readonly global: string;
}

/** Bytes before the header: its length. */
const LENGTH_BYTES = 4;

/**
 * Fingerprints of everything parsing reads: ldp's version, the project file, the resolved target,
 * vars, selectors, and every file of the project (by the hash of its text, from `hashes` when its
 * stamp is unchanged; seeds by size and time, as parsing reads them).
 */
export function parseInputsFingerprint(project: Project, hashes: FileHashes): ParseInputs {
  const all = createHash('sha256');
  const global = createHash('sha256');
  const add = (text: string) => {
    all.update(text).update('\u0000');
    global.update(text).update('\u0000');
  };
  add(LDP_VERSION);
  add(readFileSync(join(project.root, project.configFile), 'utf8'));
  add(JSON.stringify(project.target));
  add(JSON.stringify(project.vars));
  add(JSON.stringify(project.selectors));
  for (const file of project.files) {
    add(file.path);
    // Their text alone may change while the rest of a cached parse is reused.
    if (isSqlFileKind(file.kind)) all.update(hashes.hashOf(file)).update('\u0000');
    else add(file.kind === 'seed' ? seedStamp(file) : hashes.hashOf(file));
  }
  // A package's files are all global inputs: partial parsing re-reads only the root project's.
  for (const pkg of project.packages) {
    add(JSON.stringify([pkg.name, pkg.config, pkg.vars]));
    for (const file of pkg.files)
      add(`${file.path}\u0000${file.kind === 'seed' ? seedStamp(file) : hashes.hashOf(file)}`);
  }
  return { all: all.digest('hex'), global: global.digest('hex') };
}

function seedStamp(file: SourceFile): string {
  if (file.stamp !== undefined) return `${file.stamp.size}:${file.stamp.modifiedMs}`;
  const stats = statSync(file.absolutePath);
  return `${stats.size}:${stats.mtimeMs}`;
}

export function parseCachePath(project: Project): string {
  return join(project.root, project.config.targetPath, PARSE_CACHE_FILE);
}

/**
 * The cached parse, if it was made from the same inputs (`exact`), or from the same inputs but
 * the text of some SQL files; and in the same environment. Undefined otherwise.
 */
export function readParseCache(
  path: string,
  inputs: ParseInputs,
  env: Readonly<Record<string, string | undefined>>,
): CachedParse | undefined {
  let head: Buffer;
  let header: ParseCacheHeader;
  try {
    head = readHead(path);
    header = deserialize(head.subarray(LENGTH_BYTES)) as ParseCacheHeader;
  } catch {
    return undefined;
  }
  if (header.format !== CACHE_FORMAT || header.global !== inputs.global) return undefined;
  if (header.env.some(([name, hash]) => (envValueHash(env[name]) ?? null) !== hash)) return undefined;
  let body: StoredBody | undefined;
  let manifest: Manifest | undefined;
  const read = () => {
    if (body === undefined) {
      const bytes = readFileSync(path);
      // Another parse may have replaced the file since its header was read.
      if (!bytes.subarray(0, head.length).equals(head)) throw new Error('the parse cache changed');
      body = decodeBody(bytes.subarray(head.length));
    }
    return body;
  };
  return {
    exact: header.inputs === inputs.all,
    inputs: header.inputs,
    manifest: () => {
      const { manifest: nodes, edges } = read();
      manifest ??= withEdges(nodes, edges);
      return manifest;
    },
    parsed: () => read(),
    stored: () => read(),
    warnings: header.warnings.map((init) => new LdpError(init)),
    summary: header.summary,
    envReads: new Map(header.env.map(([name, value]) => [name, value ?? undefined])),
  };
}

/** The length and header at the start of the cache: the manifest after them is tens of megabytes. */
function readHead(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const length = Buffer.alloc(LENGTH_BYTES);
    readExactly(fd, length, 0);
    const head = Buffer.alloc(LENGTH_BYTES + length.readUInt32LE(0));
    length.copy(head);
    readExactly(fd, head.subarray(LENGTH_BYTES), LENGTH_BYTES);
    return head;
  } finally {
    closeSync(fd);
  }
}

function readExactly(fd: number, into: Buffer, position: number): void {
  for (let done = 0; done < into.length; ) {
    const read = readSync(fd, into, done, into.length - done, position + done);
    if (read === 0) throw new Error('the parse cache ends early');
    done += read;
  }
}

/**
 * Saves the parse (atomically: a reader never sees half a file). After a partial parse, `earlier`
 * is the cached parse it started from and `changed` the nodes it parsed again: the stored bytes
 * of the other nodes are copied (see `encodeBody`).
 */
export function writeParseCache(
  path: string,
  inputs: ParseInputs,
  envReads: ReadonlyMap<string, string | undefined>,
  parsed: { manifest: Manifest; properties: readonly PropertiesFile[] },
  warnings: readonly LdpError[],
  summary: string,
  earlier?: {
    readonly cached: CachedParse;
    readonly changed: ReadonlySet<string>;
    /** The parent and child maps are those of the cached parse: its edges are stored again. */
    readonly sameGraph?: boolean;
  },
): void {
  const { manifest, properties } = parsed;
  const header: ParseCacheHeader = {
    format: CACHE_FORMAT,
    inputs: inputs.all,
    global: inputs.global,
    env: [...envReads].map(([name, value]) => [name, value ?? null] as const),
    warnings: warnings.map((w) => w.toInit()),
    summary,
  };
  const body: ParseCacheBody = {
    manifest: {
      projectName: manifest.projectName,
      nodes: manifest.nodes,
      macros: manifest.macros,
      docs: manifest.docs,
    },
    edges: (earlier?.sameGraph && storedEdges(earlier.cached)) || edgesOf(manifest),
    properties,
  };
  const head = serialize(header);
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32LE(head.length);
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    for (const part of [length, head, ...encodeBody(body, earlier && storedOf(earlier))])
      writeFully(fd, part);
  } catch (error) {
    rmSync(temporary, { force: true });
    // The fd-based write carries no path: name the file here (a full disk is the usual cause).
    throw fileSystemError(error, path, 'write', 'the parse cache') ?? error;
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}

/** `writeSync` may write less than it was given. */
function writeFully(fd: number, bytes: Buffer): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done);
}

function storedEdges(cached: CachedParse): Int32Array | undefined {
  try {
    return cached.stored().edges;
  } catch {
    return undefined;
  }
}

function storedOf(earlier: { readonly cached: CachedParse; readonly changed: ReadonlySet<string> }) {
  try {
    return { body: earlier.cached.stored(), changed: earlier.changed };
  } catch {
    return undefined;
  }
}

/**
 * The environment, recording every variable read with a hash of its value (undefined when it is
 * not set), so the caches know what a parse depended on without holding any value.
 */
export function recordingEnv(env: Readonly<Record<string, string | undefined>>): {
  env: Readonly<Record<string, string | undefined>>;
  reads: Map<string, string | undefined>;
} {
  const reads = new Map<string, string | undefined>();
  const proxy = new Proxy(env, {
    get: (target, key) => {
      if (typeof key !== 'string') return undefined;
      const value = target[key];
      if (!reads.has(key)) reads.set(key, envValueHash(value));
      return value;
    },
  });
  return { env: proxy, reads };
}

/**
 * What the caches in `target/` keep of an environment variable's value: its SHA-256, enough to
 * notice a change. The value itself may be a secret (`DBT_ENV_SECRET_…` in profiles.yml).
 */
export function envValueHash(value: string | undefined): string | undefined {
  return value === undefined
    ? undefined
    : createHash('sha256').update('ldp-env\u0000').update(value).digest('hex');
}

/** Parent → child edges as pairs of node positions: a tenth of the size of the two maps. */
function edgesOf(manifest: Manifest): Int32Array {
  const index = new Map([...manifest.nodes.keys()].map((id, i) => [id, i]));
  const pairs: number[] = [];
  for (const [child, parents] of manifest.parentMap)
    for (const parent of parents) pairs.push(index.get(parent)!, index.get(child)!);
  return Int32Array.from(pairs);
}

function withEdges(manifest: Omit<Manifest, 'parentMap' | 'childMap'>, edges: Int32Array): Manifest {
  const ids = [...manifest.nodes.keys()];
  const parents: string[][] = ids.map(() => []);
  const children: string[][] = ids.map(() => []);
  for (let i = 0; i < edges.length; i += 2) {
    const parent = edges[i]!;
    const child = edges[i + 1]!;
    parents[child]!.push(ids[parent]!);
    children[parent]!.push(ids[child]!);
  }
  // Both maps by id, each list sorted. The edges were written from such maps (`edgesOf`), so
  // the lists are usually in order already: checking costs less than sorting.
  const order = ids.map((_, i) => i).sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
  const sorted = (lists: string[][]) =>
    new Map(order.map((i) => [ids[i]!, inOrder(lists[i]!) ? lists[i]! : lists[i]!.sort()] as const));
  return { ...manifest, parentMap: sorted(parents), childMap: sorted(children) };
}

function inOrder(list: readonly string[]): boolean {
  for (let i = 1; i < list.length; i++) if (list[i - 1]! > list[i]!) return false;
  return true;
}
