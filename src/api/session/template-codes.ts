import { hash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import type { TemplateCode } from '../../template/index.js';
import { LDP_VERSION } from './ldp-version.js';

const CACHE_FORMAT = 2;

/**
 * The cache file: template code by the sha1 of the template's text. Skeleton bodies are stored
 * once (templates of one structure share theirs) and entries refer to them by position.
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
  private cached: ReadonlyMap<string, TemplateCode> | undefined;

  /** The compiled template for `text`, if a worker sent it or the cache holds it. */
  get(text: string): TemplateCode | undefined {
    const code = this.byText.get(text);
    if (code !== undefined || this.path === undefined) return code;
    return this.stored().get(textKey(text));
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
    const bodies = new Map<string, number>();
    const entries: [string, number, readonly (string | number)[]][] = [];
    const plain: [string, string][] = [];
    for (const text of new Set(texts)) {
      const key = textKey(text);
      const code = this.made.get(key) ?? stored.get(key);
      if (code === undefined) continue;
      if (typeof code === 'string') {
        plain.push([key, code]);
        continue;
      }
      const body = bodies.get(code.body) ?? bodies.size;
      bodies.set(code.body, body);
      entries.push([key, body, code.constants]);
    }
    const cache: CacheFile = {
      format: CACHE_FORMAT,
      ldpVersion: LDP_VERSION,
      bodies: [...bodies.keys()],
      entries,
      plain,
    };
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, serialize(cache));
    renameSync(temporary, this.path);
  }

  /** The cache's entries (an unreadable or outdated file counts as empty). */
  private stored(): ReadonlyMap<string, TemplateCode> {
    if (this.cached === undefined) this.cached = readCache(this.path!);
    return this.cached;
  }
}

function readCache(path: string): ReadonlyMap<string, TemplateCode> {
  const codes = new Map<string, TemplateCode>();
  let cache: CacheFile;
  try {
    cache = deserialize(readFileSync(path)) as CacheFile;
  } catch {
    // No cache yet: compile.
    return codes;
  }
  if (cache.format !== CACHE_FORMAT || cache.ldpVersion !== LDP_VERSION) return codes;
  for (const [key, body, constants] of cache.entries)
    codes.set(key, { body: cache.bodies[body]!, constants });
  for (const [key, code] of cache.plain) codes.set(key, code);
  return codes;
}

function textKey(text: string): string {
  return hash('sha1', text, 'base64');
}
