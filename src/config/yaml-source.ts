import { createRequire } from 'node:module';
import jsYaml from 'js-yaml';
import type { LineCounter, Node } from 'yaml';
import { LdpError, type Span } from '../errors/index.js';
import { type Located, locate, locateBelow, PositionRecorder, valueStart } from './yaml-positions.js';

export type YamlPath = readonly (string | number)[];

/**
 * YAML 1.2 core types plus `<<` merge keys (common in schema.yml files). Timestamps are left as
 * strings, as a date in `vars` or unit-test rows must render as written, not as a JS Date.
 */
export const YAML_SCHEMA = jsYaml.CORE_SCHEMA.extend({
  // js-yaml exports its built-in types at runtime; @types/js-yaml does not declare them.
  implicit: [(jsYaml as unknown as { types: { merge: jsYaml.Type } }).types.merge],
});

/**
 * A parsed YAML file that can say where its keys and values were written.
 *
 * Values come from js-yaml, which is an order of magnitude faster than a position-preserving
 * parse on large properties files; its parse events are recorded as a tree of positions, which
 * locates keys and values exactly. Where that tree cannot answer (merge keys, aliases), the
 * slower `yaml` document is built on first use.
 */
export class YamlSource {
  private document: { root: Node | null; lines: LineCounter } | undefined;
  private lineStarts: number[] | undefined;

  private constructor(
    readonly file: string,
    readonly text: string,
    readonly value: unknown,
    private readonly positions: PositionRecorder,
  ) {}

  /** Parses `text`; a syntax error is an `LdpError` at the offending position. */
  static parse(file: string, text: string): YamlSource {
    const positions = new PositionRecorder();
    let value: unknown;
    try {
      value = jsYaml.load(text, {
        filename: file,
        schema: YAML_SCHEMA,
        listener: positions.listener as (event: 'open' | 'close', state: unknown) => void,
      });
    } catch (error) {
      throw syntaxError(file, text, error);
    }
    return new YamlSource(file, text, value ?? null, positions);
  }

  /** Where a mapping or list of this file's value starts (e.g. the first key of a list entry). */
  entrySpan(value: unknown, fallback: Span = { file: this.file, line: 1, col: 1 }): Span {
    const node = value !== null && typeof value === 'object' ? this.positions.nodeOf(value) : undefined;
    return node === undefined ? fallback : this.spanAt(node.start);
  }

  /**
   * Where the key at `path` is written (or its value). A path that does not exist points at the
   * nearest existing parent key (the file start at worst).
   */
  spanOf(path: YamlPath, part: 'key' | 'value' = 'key'): Span {
    return this.spanAt(this.offsetOf(locate(this.positions.root, path), () => path, part) ?? 0);
  }

  /** The place of `path` in the position tree, for `spanBelow` (undefined when the tree cannot tell). */
  locate(path: YamlPath): Located | undefined {
    return locate(this.positions.root, path);
  }

  /** `locate` continued below an already located place. */
  locateBelow(from: Located, path: YamlPath): Located | undefined {
    return locateBelow(from, path);
  }

  /**
   * `spanOf([...base, ...path], part)`, given `located = this.locate(base)`: readers of many
   * entries ask for spans below the same place without walking to it again.
   */
  spanBelow(
    base: YamlPath,
    located: Located | undefined,
    path: YamlPath,
    part: 'key' | 'value' = 'key',
  ): Span {
    const found = located === undefined ? undefined : locateBelow(located, path);
    return this.spanAt(this.offsetOf(found, () => [...base, ...path], part) ?? 0);
  }

  /** `path` is asked for only when the position tree cannot answer. */
  private offsetOf(
    found: Located | undefined,
    path: () => YamlPath,
    part: 'key' | 'value',
  ): number | undefined {
    if (found === undefined) return this.documentOffsetOf(path(), part);
    if (part === 'key' && found.key !== undefined) return found.key;
    const start = valueStart(this.text, found.value.start);
    const isNull =
      found.value.result === null && !/^(null|Null|NULL|~)/.test(this.text.slice(start, start + 4));
    return isNull && found.key !== undefined ? found.key : start;
  }

  private spanAt(offset: number): Span {
    this.lineStarts ??= lineStartsOf(this.text);
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { file: this.file, line: low + 1, col: offset - this.lineStarts[low]! + 1 };
  }

  private documentOffsetOf(path: YamlPath, part: 'key' | 'value'): number | undefined {
    this.document ??= positionedDocument(this.text);
    let node: Node | null | undefined = this.document.root;
    let keyOffset: number | undefined;
    const { isMap, isScalar, isSeq } = yamlLibrary();
    for (const segment of path) {
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isScalar(item.key) && String(item.key.value) === String(segment),
        );
        if (!pair) return keyOffset ?? node.range?.[0];
        keyOffset = (pair.key as Node).range?.[0];
        node = pair.value as Node | null;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment] as Node | undefined;
        keyOffset = node?.range?.[0];
      } else {
        return keyOffset ?? node?.range?.[0];
      }
    }
    return part === 'key' ? (keyOffset ?? node?.range?.[0]) : (node?.range?.[0] ?? keyOffset);
  }
}

/** The `yaml` package is loaded only when a position is needed: most runs never need one. */
function yamlLibrary(): typeof import('yaml') {
  return createRequire(import.meta.url)('yaml') as typeof import('yaml');
}

function positionedDocument(text: string): { root: Node | null; lines: LineCounter } {
  const { LineCounter, parseDocument } = yamlLibrary();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  return { root: doc.contents as Node | null, lines };
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * A syntax error at the place the `yaml` package reports (its messages name the construct, e.g.
 * "Missing closing \"quote"), falling back to js-yaml's when the two parsers disagree.
 */
function syntaxError(file: string, text: string, error: unknown): LdpError {
  const e = error as { reason?: string; mark?: { line: number; column: number }; message?: string };
  let message = e.reason ?? e.message ?? String(error);
  let line = (e.mark?.line ?? 0) + 1;
  let col = (e.mark?.column ?? 0) + 1;
  const { LineCounter, parseDocument } = yamlLibrary();
  const lines = new LineCounter();
  const first = parseDocument(text, { lineCounter: lines, prettyErrors: false }).errors[0];
  if (first) {
    message = first.message.split('\n')[0] ?? message;
    ({ line, col } = lines.linePos(first.pos[0]));
  }
  return new LdpError({
    code: 'LDP101',
    message: `invalid YAML: ${message}`,
    span: { file, line, col },
    source: text,
    hint: 'Check indentation and quoting around this line (YAML uses spaces, not tabs; quote values that contain ": " or start with "{").',
  });
}
