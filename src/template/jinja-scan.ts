/**
 * A fast scanner for the Jinja tags of a template. It does not evaluate anything: it finds
 * `{{ … }}`, `{% … %}` and `{# … #}` segments (strings inside tags respected) so the static
 * extractor can decide whether a template needs the real engine at all.
 */
export interface JinjaSegment {
  readonly kind: 'expression' | 'statement' | 'comment';
  /** Inner text without delimiters and `-` trim markers. */
  readonly body: string;
  /** 0-based offset of the segment's opening delimiter in the template. */
  readonly offset: number;
  /** 0-based offset of `body` in the template. */
  readonly bodyOffset: number;
}

const CLOSERS = { expression: '}}', statement: '%}', comment: '#}' } as const;

/** Returns the segments, or undefined when a tag is not closed (the engine reports that error). */
export function scanJinja(text: string): JinjaSegment[] | undefined {
  const segments: JinjaSegment[] = [];
  let i = text.indexOf('{');
  while (i !== -1 && i < text.length - 1) {
    const kind = kindAt(text.charCodeAt(i + 1));
    if (kind === undefined) {
      i = text.indexOf('{', i + 1);
      continue;
    }
    const end = kind === 'comment' ? text.indexOf('#}', i + 2) : findCloser(text, i + 2, CLOSERS[kind]);
    if (end === -1) return undefined;
    let bodyStart = i + 2;
    let bodyEnd = end;
    if (text[bodyStart] === '-' || text[bodyStart] === '+') bodyStart++;
    if (text[bodyEnd - 1] === '-' || text[bodyEnd - 1] === '+') bodyEnd--;
    if (kind === 'statement' && isRawStart(text, bodyStart, bodyEnd)) {
      const rawEnd = text.search(/\{%-?\s*endraw\s*-?%\}/);
      if (rawEnd === -1) return undefined;
      i = text.indexOf('{', text.indexOf('%}', rawEnd) + 2);
      continue;
    }
    segments.push({ kind, body: text.slice(bodyStart, bodyEnd), offset: i, bodyOffset: bodyStart });
    i = text.indexOf('{', end + 2);
  }
  return segments;
}

function kindAt(code: number): JinjaSegment['kind'] | undefined {
  if (code === 123 /* { */) return 'expression';
  if (code === 37 /* % */) return 'statement';
  if (code === 35 /* # */) return 'comment';
  return undefined;
}

function isRawStart(text: string, start: number, end: number): boolean {
  return text.slice(start, end).trim() === 'raw';
}

/** Index of `closer` outside string literals, or -1. */
function findCloser(text: string, from: number, closer: string): number {
  let quote = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === 92 /* \ */) i++;
      else if (c === quote) quote = 0;
    } else if (c === 39 || c === 34) {
      quote = c;
    } else if (c === closer.charCodeAt(0) && text.charCodeAt(i + 1) === closer.charCodeAt(1)) {
      return i;
    }
  }
  return -1;
}
