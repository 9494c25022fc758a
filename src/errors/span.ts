/** A position in a user's file. Lines and columns are 1-based, as editors show them. */
export interface Span {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** `file:line:col`, the form editors and terminals turn into links. */
export function formatSpan(span: Span): string {
  return `${span.file}:${span.line}:${span.col}`;
}

/** Converts a 0-based character offset in `text` to a 1-based line and column. */
export function offsetToLineCol(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: end - lineStart + 1 };
}
