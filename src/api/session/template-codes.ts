import { hash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { TemplateCode } from '../../template/index.js';
import { LDP_VERSION } from './ldp-version.js';

const CACHE_FORMAT = 3;
/** Bytes before each part of the file: its length. */
const LENGTH_BYTES = 4;
/**
 * A command that compiled few templates appends them to the file instead of writing it again,
 * until the appended entries reach this share of the whole: then the file is written anew, and
 * templates that left the project leave it.
 */
const APPENDED_SHARE = 1 / 8;

/**
 * A part of the cache file: template code by the sha1 of the template's text. Skeleton bodies
 * are stored once per part (templates of one structure share theirs) and entries refer to them by
 * position. The file is a sequence of parts, each after its length: the one written in full, then
 * those later commands appended (the edit loop compiles one template: writing all again would
 * cost more than compiling it).
 */
interface CacheFile {
  readonly format: number;
  readonly ldpVersion: string;
  readonly bodies: readonly string[];
  readonly entries: readonly (readonly [
    key: string,
    body: number,
    constants: readonly (string | number)[],
  ])[];
  /** Templates without a skeleton, as code. */
  readonly plain: readonly (readonly [key: string, code: string])[];
}

/**
 * The compiled templates one command has at hand: kept in `target/` from earlier commands
 * (keyed by a hash of the template's text, so an edited template is simply a new entry) and
 * sent by worker threads. Compiling a template (lexing, parsing, generating code) costs more
 * than rendering it, and the result depends on nothing but its text and ldp's version.
 */
export class TemplateCodes {
  private readonly byText = new Map<string, TemplateCode>();
  private readonly made = new Map<string, TemplateCode>();
  /** The cache file this command reads and writes, once `use`d. */
  private path: string | undefined;
  private cached: StoredCodes | undefined;

  /** The compiled template for `text`, if a worker sent it or the cache holds it. */
  get(text: string): TemplateCode | undefined {
    const code = this.byText.get(text);
    if (code !== undefined || this.path === undefined) return code;
    return this.stored().codes.get(textKey(text));
  }

  has(text: string): boolean {
    return this.get(text) !== undefined;
  }

  /** A template another thread compiled. */
  add(text: string, code: TemplateCode): void {
    this.byText.set(text, code);
  }

  /** A template this thread compiled: kept for the cache, if the command uses one. */
  compiled(text: string, code: TemplateCode): void {
    if (this.path !== undefined) this.made.set(textKey(text), code);
  }

  /** Uses the cache at `path`, written by an earlier command; it is read when first needed. */
  use(path: string): void {
    this.path = path;
  }

  /**
   * Writes the cache when this command compiled templates: every known template of `texts`
   * (the project's templates), so templates that left the project leave the cache too.
   */
  save(texts: Iterable<string>): void {
    if (this.path === undefined || (this.made.size === 0 && this.byText.size === 0)) return;
    for (const [text, code] of this.byText) this.made.set(textKey(text), code);
    const stored = this.stored();
    const added = [...this.made].filter(([key]) => !stored.codes.has(key));
    if (added.length === 0) return;
    mkdirSync(dirname(this.path), { recursive: true });
    if (stored.codes.size > 0 && stored.appended + added.length <= stored.codes.size * APPENDED_SHARE) {
      // One write with O_APPEND: a reader sees the part whole or not at all (see `readCache`).
      appendFileSync(this.path, framed(cachePart(added)));
      return;
    }
    const all: [string, TemplateCode][] = [];
    for (const text of new Set(texts)) {
      const key = textKey(text);
      const code = this.made.get(key) ?? stored.codes.get(key);
      if (code !== undefined) all.push([key, code]);
    }
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, framed(cachePart(all)));
    renameSync(temporary, this.path);
  }

  /** The cache's entries (an unreadable or outdated file counts as empty). */
  private stored(): StoredCodes {
    if (this.cached === undefined) this.cached = readCache(this.path!);
    return this.cached;
  }
}

/** The entries of the cache file, and how many of them later commands appended. */
interface StoredCodes {
  readonly codes: ReadonlyMap<string, TemplateCode>;
  readonly appended: number;
}

function cachePart(codes: Iterable<readonly [string, TemplateCode]>): CacheFile {
  const bodies = new Map<string, number>();
  const entries: [string, number, readonly (string | number)[]][] = [];
  const plain: [string, string][] = [];
  for (const [key, code] of codes) {
    if (typeof code === 'string') {
      plain.push([key, code]);
      continue;
    }
    const body = bodies.get(code.body) ?? bodies.size;
    bodies.set(code.body, body);
    entries.push([key, body, code.constants]);
  }
  return { format: CACHE_FORMAT, ldpVersion: LDP_VERSION, bodies: [...bodies.keys()], entries, plain };
}

/** The part after its length, as one buffer (written with one call). */
function framed(part: CacheFile): Buffer {
  const bytes = serialize(part);
  const out = Buffer.allocUnsafe(LENGTH_BYTES + bytes.length);
  out.writeUInt32LE(bytes.length, 0);
  bytes.copy(out, LENGTH_BYTES);
  return out;
}

function readCache(path: string): StoredCodes {
  const codes = new Map<string, TemplateCode>();
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    // No cache yet: compile.
    return { codes, appended: 0 };
  }
  let appended = 0;
  for (let offset = 0, first = true; offset + LENGTH_BYTES <= bytes.length; first = false) {
    const end = offset + LENGTH_BYTES + bytes.readUInt32LE(offset);
    // A part still being appended by another command: what came before it stands.
    if (end > bytes.length) break;
    let cache: CacheFile;
    try {
      cache = deserialize(bytes.subarray(offset + LENGTH_BYTES, end)) as CacheFile;
    } catch {
      break;
    }
    offset = end;
    if (cache.format !== CACHE_FORMAT || cache.ldpVersion !== LDP_VERSION) break;
    for (const [key, body, constants] of cache.entries)
      codes.set(key, { body: cache.bodies[body]!, constants });
    for (const [key, code] of cache.plain) codes.set(key, code);
    if (!first) appended += cache.entries.length + cache.plain.length;
  }
  return { codes, appended };
}

function textKey(text: string): string {
  return hash('sha1', text, 'base64');
}
