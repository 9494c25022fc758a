import { createRequire } from 'node:module';
import jsYaml from 'js-yaml';
import type { LineCounter, Node } from 'yaml';
import { LdpError, type Span } from '../errors/index.js';

export type YamlPath = readonly (string | number)[];

/**
 * A parsed YAML file that can say where its keys and values were written.
 *
 * Values come from js-yaml, which is an order of magnitude faster than a position-preserving
 * parse on large properties files; its parse events give the start of every mapping and list
 * (`entrySpan`). Exact key positions (`spanOf`) are only needed to report a problem, so the
 * slower `yaml` document is built on first use.
 */
export class YamlSource {
  private document: { root: Node | null; lines: LineCounter } | undefined;
  private lineStarts: number[] | undefined;

  private constructor(
    readonly file: string,
    readonly text: string,
    readonly value: unknown,
    private readonly starts: WeakMap<object, number>,
  ) {}

  /** Parses `text`; a syntax error is an `LdpError` at the offending position. */
  static parse(file: string, text: string): YamlSource {
    const starts = new WeakMap<object, number>();
    const open: number[] = [];
    let value: unknown;
    try {
      value = jsYaml.load(text, {
        filename: file,
        listener(event, state) {
          if (event === 'open') open.push(state.position);
          else {
            const start = open.pop();
            const result = state.result as unknown;
            if (start !== undefined && result !== null && typeof result === 'object')
              starts.set(result, start);
          }
        },
      });
    } catch (error) {
      throw syntaxError(file, text, error);
    }
    return new YamlSource(file, text, value ?? null, starts);
  }

  /** Where a mapping or list of this file's value starts (e.g. the `name:` of a list entry). */
  entrySpan(value: unknown, fallback: Span = { file: this.file, line: 1, col: 1 }): Span {
    const offset = value !== null && typeof value === 'object' ? this.starts.get(value) : undefined;
    return offset === undefined ? fallback : this.spanAt(offset);
  }

  /** Where the key at `path` is written (or its value); the file start if there is no such key. */
  spanOf(path: YamlPath, part: 'key' | 'value' = 'key'): Span {
    return this.spanAt(this.offsetOf(path, part) ?? 0);
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

  private offsetOf(path: YamlPath, part: 'key' | 'value'): number | undefined {
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

function syntaxError(file: string, text: string, error: unknown): LdpError {
  const e = error as { reason?: string; mark?: { line: number; column: number }; message?: string };
  return new LdpError({
    code: 'LDP101',
    message: `invalid YAML: ${e.reason ?? e.message ?? String(error)}`,
    span: { file, line: (e.mark?.line ?? 0) + 1, col: (e.mark?.column ?? 0) + 1 },
    source: text,
    hint: 'Check indentation and quoting around this line (YAML uses spaces, not tabs; quote values that contain ": " or start with "{").',
  });
}
