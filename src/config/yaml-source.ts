import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { LdpError, type Span } from '../errors/index.js';

export type YamlPath = readonly (string | number)[];

/**
 * A parsed YAML file that remembers where every key and value was written, so validation
 * errors can point at `file:line:col`.
 */
export class YamlSource {
  private constructor(
    readonly file: string,
    readonly text: string,
    readonly value: unknown,
    private readonly root: Node | null,
    private readonly lines: LineCounter,
  ) {}

  /** Parses `text`; a syntax error is an `LdpError` at the offending position. */
  static parse(file: string, text: string): YamlSource {
    const lines = new LineCounter();
    const doc = parseDocument(text, {
      lineCounter: lines,
      keepSourceTokens: false,
      uniqueKeys: true,
      prettyErrors: false,
    });
    const error = doc.errors[0];
    if (error) {
      const pos = lines.linePos(error.pos[0]);
      throw new LdpError({
        code: 'LDP101',
        message: `invalid YAML: ${error.message.split('\n')[0]}`,
        span: { file, line: pos.line, col: pos.col },
        source: text,
        hint: 'Check indentation and quoting around this line (YAML uses spaces, not tabs).',
      });
    }
    return new YamlSource(file, text, doc.toJS({ maxAliasCount: 1000 }) ?? null, doc.contents, lines);
  }

  /** Where the key at `path` is written (or its value, for list items); the file start if unknown. */
  spanOf(path: YamlPath, part: 'key' | 'value' = 'key'): Span {
    const offset = this.offsetOf(path, part);
    const pos = this.lines.linePos(offset ?? 0);
    return { file: this.file, line: pos.line, col: pos.col };
  }

  private offsetOf(path: YamlPath, part: 'key' | 'value'): number | undefined {
    let node: Node | null | undefined = this.root;
    let keyOffset: number | undefined;
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
