import { validateNodeConfig, type YamlPath, type YamlSource } from '../../config/index.js';
import { type Diagnostics, didYouMeanHint, type Span } from '../../errors/index.js';

/**
 * Reads one YAML mapping of a properties file with strict keys: unknown keys are errors with
 * a suggestion, dbt keys ldp does not use yet are warnings; typed getters report wrong types
 * at the value's line.
 */
export class EntryReader {
  constructor(
    readonly yaml: YamlSource,
    readonly path: YamlPath,
    readonly value: Record<string, unknown>,
    private readonly diagnostics: Diagnostics,
    private readonly what: string,
  ) {}

  static at(
    yaml: YamlSource,
    path: YamlPath,
    value: unknown,
    diagnostics: Diagnostics,
    what: string,
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
    return new EntryReader(yaml, path, value as Record<string, unknown>, diagnostics, what);
  }

  /** Where this entry starts (its first key), found without re-parsing the file. */
  get entrySpan(): Span {
    return this.yaml.entrySpan(this.value);
  }

  spanOf(key: string): Span {
    return this.yaml.spanOf([...this.path, key]);
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
        hint: didYouMeanHint(key, allowed) ?? `Known keys: ${allowed.join(', ')}.`,
      });
    }
  }

  string(key: string, required = false): string | undefined {
    const value = this.value[key];
    if (value === undefined || value === null) {
      if (required) this.typeError(key, 'is required', `Add ${key}: <value>.`);
      return undefined;
    }
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      return String(value);
    this.typeError(key, 'must be a string');
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
    const checked = validateNodeConfig(config, (k) => this.yaml.spanOf([...this.path, key, k]));
    for (const e of checked.errors) this.diagnostics.error(e);
    for (const w of checked.warnings) this.diagnostics.warn(w.toInit());
    return { config };
  }

  child(path: YamlPath, value: unknown, what: string): EntryReader | undefined {
    return EntryReader.at(this.yaml, [...this.path, ...path], value, this.diagnostics, what);
  }

  private typeError(key: string, problem: string, hint?: string): void {
    this.diagnostics.error({
      code: 'LDP132',
      message: `'${key}' in ${this.what} ${problem}`,
      span: this.yaml.spanOf([...this.path, key], 'value'),
      source: this.yaml.text,
      ...(hint ? { hint } : {}),
    });
  }
}
