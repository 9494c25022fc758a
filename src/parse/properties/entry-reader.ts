import { validateNodeConfig, type YamlPath, type YamlSource } from '../../config/index.js';
import type { Located } from '../../config/yaml-positions.js';
import { type Diagnostics, didYouMeanHint, type Span } from '../../errors/index.js';

/**
 * Reads one YAML mapping of a properties file with strict keys: unknown keys are errors with
 * a suggestion, dbt keys ldp does not use yet are warnings; typed getters report wrong types
 * at the value's line.
 */
export class EntryReader {
  /** Where the entry is in the file's position tree, found once (null: not looked up yet). */
  private place: Located | undefined | null = null;

  constructor(
    readonly yaml: YamlSource,
    readonly path: YamlPath,
    readonly value: Record<string, unknown>,
    private readonly diagnostics: Diagnostics,
    private readonly what: string,
    /** The entry this one was read from, and the path from there: spans are looked up from it. */
    private readonly parent?: { readonly reader: EntryReader; readonly path: YamlPath },
  ) {}

  static at(
    yaml: YamlSource,
    path: YamlPath,
    value: unknown,
    diagnostics: Diagnostics,
    what: string,
    parent?: { readonly reader: EntryReader; readonly path: YamlPath },
  ): EntryReader | undefined {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      diagnostics.error({
        code: 'LDP130',
        message: `${what} must be a mapping`,
        span: yaml.spanOf(path, 'value'),
        source: yaml.text,
        hint: 'Write it as key: value pairs.',
      });
      return undefined;
    }
    return new EntryReader(yaml, path, value as Record<string, unknown>, diagnostics, what, parent);
  }

  /** Where this entry is written: its `name:` key, else its first key. */
  get entrySpan(): Span {
    return 'name' in this.value ? this.spanOf('name') : this.spanAt([], 'value');
  }

  spanOf(key: string): Span {
    return this.spanAt([key]);
  }

  /** Where the key (or value) at `path` below this entry is written. */
  spanAt(path: YamlPath, part: 'key' | 'value' = 'key'): Span {
    return this.yaml.spanBelow(this.path, this.located(), path, part);
  }

  private located(): Located | undefined {
    if (this.place === null) {
      const from = this.parent?.reader.located();
      this.place = this.parent
        ? from && this.yaml.locateBelow(from, this.parent.path)
        : this.yaml.locate(this.path);
    }
    return this.place;
  }

  checkKeys(allowed: readonly string[], unused: readonly string[] = []): void {
    for (const key of Object.keys(this.value)) {
      if (allowed.includes(key)) continue;
      if (unused.includes(key)) {
        this.diagnostics.warn({
          code: 'LDP102',
          message: `'${key}' in ${this.what} is accepted for dbt compatibility but not used by ldp yet`,
          span: this.spanOf(key),
        });
        continue;
      }
      this.diagnostics.error({
        code: 'LDP131',
        message: `unknown key '${key}' in ${this.what}`,
        span: this.spanOf(key),
        source: this.yaml.text,
        hint: didYouMeanHint(key, [...allowed, ...unused]) ?? `Known keys: ${allowed.join(', ')}.`,
      });
    }
  }

  string(key: string, required = false): string | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) {
      if (required) this.missing(key);
      return undefined;
    }
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      return String(value);
    this.typeError(key, 'must be a string');
    return undefined;
  }

  /** A string that must be one of `allowed` (with a suggestion when it is close to one). */
  oneOf<T extends string>(key: string, allowed: readonly T[], required = false): T | undefined {
    const value = this.string(key, required);
    if (value === undefined) return undefined;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    const suggestion = didYouMeanHint(value, allowed);
    this.typeError(
      key,
      `must be one of ${allowed.join(', ')}, not '${value}'`,
      `${suggestion ? `${suggestion} ` : ''}Allowed values: ${allowed.join(', ')}.`,
    );
    return undefined;
  }

  boolean(key: string): boolean | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    this.typeError(key, 'must be true or false');
    return undefined;
  }

  integer(key: string, required = false): number | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) {
      if (required) this.missing(key);
      return undefined;
    }
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    this.typeError(key, 'must be a whole number');
    return undefined;
  }

  strings(key: string): string[] {
    const value = this.value[key];
    if (value === undefined || value === null) return [];
    if (typeof value === 'string') return [value];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
    this.typeError(key, 'must be a string or a list of strings');
    return [];
  }

  record(key: string): Record<string, unknown> {
    const value = this.value[key];
    if (value === undefined || value === null) return {};
    if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    this.typeError(key, 'must be a mapping');
    return {};
  }

  list(key: string): unknown[] {
    const value = this.value[key];
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    this.typeError(key, 'must be a list');
    return [];
  }

  /** `config:` validated as node config, with each key's own line. */
  config(key = 'config'): { config: Record<string, unknown> } {
    const config = this.record(key);
    this.validateConfig(config, key);
    return { config };
  }

  /** Validates config values written in this entry, under `under` (or at its top level). */
  validateConfig(config: Readonly<Record<string, unknown>>, under?: string): void {
    const checked = validateNodeConfig(config, (k) => this.spanAt(under === undefined ? [k] : [under, k]));
    for (const e of checked.errors) this.diagnostics.error(e);
    for (const w of checked.warnings) this.diagnostics.warn(w.toInit());
  }

  child(path: YamlPath, value: unknown, what: string): EntryReader | undefined {
    return EntryReader.at(this.yaml, [...this.path, ...path], value, this.diagnostics, what, {
      reader: this,
      path,
    });
  }

  /** The mapping under `key` as a reader, or undefined when absent (or not a mapping: reported). */
  childAt(key: string, what: string): EntryReader | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) return undefined;
    return this.child([key], value, what);
  }

  /** Each item of the list under `key` that is a mapping, as a reader (others are reported). */
  children(key: string, what: string): EntryReader[] {
    return this.list(key).flatMap((value, index) => {
      const reader = this.child([key, index], value, what);
      return reader ? [reader] : [];
    });
  }

  private missing(key: string): void {
    this.diagnostics.error({
      code: 'LDP132',
      message: `${this.what} needs '${key}'`,
      span: this.spanAt([], 'value'),
      source: this.yaml.text,
      hint: `Add ${key}: <value>.`,
    });
  }

  /** Reports a problem with the value at `key` of this entry (the entry itself when `key` is ''). */
  typeErrorAt(key: string, problem: string, hint?: string): void {
    this.typeError(key, problem, hint);
  }

  private typeError(key: string, problem: string, hint?: string): void {
    this.diagnostics.error({
      code: 'LDP132',
      message: key === '' ? `${this.what} ${problem}` : `'${key}' in ${this.what} ${problem}`,
      span: this.spanAt(key === '' ? [] : [key], 'value'),
      source: this.yaml.text,
      ...(hint ? { hint } : {}),
    });
  }
}
