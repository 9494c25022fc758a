/** A DuckDB type as `DESCRIBE` prints it, parsed into a tree. */
export type DuckType =
  | { readonly kind: 'primitive'; readonly name: string; readonly args: readonly number[] }
  | {
      readonly kind: 'struct';
      readonly fields: readonly { readonly name: string; readonly type: DuckType }[];
    }
  | { readonly kind: 'list'; readonly element: DuckType }
  | { readonly kind: 'map'; readonly key: DuckType; readonly value: DuckType }
  | { readonly kind: 'other'; readonly text: string };

export function parseDuckType(text: string): DuckType {
  const parser = new TypeParser(text.trim());
  return parser.type();
}

class TypeParser {
  private i = 0;
  constructor(private readonly s: string) {}

  type(): DuckType {
    let base = this.base();
    // `INTEGER[]` is a list; `INTEGER[3]` a fixed-size array (a list to Iceberg).
    while (this.s[this.i] === '[') {
      const close = this.s.indexOf(']', this.i);
      this.i = close + 1;
      base = { kind: 'list', element: base };
    }
    return base;
  }

  private base(): DuckType {
    this.skip();
    const word = /^[A-Za-z_][A-Za-z_0-9 ]*?(?=\(|\[|,|\)|$)/.exec(this.s.slice(this.i))?.[0]?.trim() ?? '';
    this.i += this.s.slice(this.i).indexOf(word) + word.length;
    const upper = word.toUpperCase();
    if (upper === 'STRUCT') return this.struct();
    if (upper === 'MAP') {
      this.expect('(');
      const key = this.type();
      this.expect(',');
      const value = this.type();
      this.expect(')');
      return { kind: 'map', key, value };
    }
    if (upper === 'UNION' || upper === 'ENUM') {
      const start = this.i;
      this.skipParens();
      return upper === 'ENUM'
        ? { kind: 'primitive', name: 'ENUM', args: [] }
        : { kind: 'other', text: `UNION${this.s.slice(start, this.i)}` };
    }
    const args: number[] = [];
    if (this.s[this.i] === '(') {
      const close = this.s.indexOf(')', this.i);
      args.push(
        ...this.s
          .slice(this.i + 1, close)
          .split(',')
          .map((a) => Number(a.trim())),
      );
      this.i = close + 1;
    }
    return { kind: 'primitive', name: upper, args };
  }

  private struct(): DuckType {
    this.expect('(');
    const fields: { name: string; type: DuckType }[] = [];
    while (this.s[this.i] !== ')') {
      this.skip();
      const name = this.name();
      this.skip();
      fields.push({ name, type: this.type() });
      this.skip();
      if (this.s[this.i] === ',') this.i++;
      this.skip();
    }
    this.i++;
    return { kind: 'struct', fields };
  }

  private name(): string {
    if (this.s[this.i] === '"') {
      let out = '';
      this.i++;
      while (this.i < this.s.length) {
        if (this.s[this.i] === '"' && this.s[this.i + 1] === '"') {
          out += '"';
          this.i += 2;
        } else if (this.s[this.i] === '"') {
          this.i++;
          break;
        } else out += this.s[this.i++];
      }
      return out;
    }
    const match = /^[^\s]+/.exec(this.s.slice(this.i))![0];
    this.i += match.length;
    return match;
  }

  private skipParens(): void {
    let depth = 0;
    do {
      if (this.s[this.i] === '(') depth++;
      if (this.s[this.i] === ')') depth--;
      this.i++;
    } while (depth > 0 && this.i < this.s.length);
  }

  private expect(ch: string): void {
    this.skip();
    if (this.s[this.i] === ch) this.i++;
  }

  private skip(): void {
    while (this.s[this.i] === ' ') this.i++;
  }
}
