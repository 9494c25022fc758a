import { readFileSync } from 'node:fs';
import type { Span } from './span.js';

const CONTEXT_LINES = 2;

/**
 * The lines around `span` with a caret under the column, as compilers print them:
 *
 *    3 | select *
 *  > 4 | from {{ ref('ordrs') }}
 *      |         ^
 */
export function codeFrame(span: Span, source?: string): string | undefined {
  const text = source ?? readQuietly(span.file);
  if (text === undefined) return undefined;
  const lines = text.split(/\r?\n/);
  if (span.line < 1 || span.line > lines.length) return undefined;
  const first = Math.max(1, span.line - CONTEXT_LINES);
  const last = Math.min(lines.length, span.line + CONTEXT_LINES);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    const marker = n === span.line ? '>' : ' ';
    out.push(`${marker} ${String(n).padStart(width)} | ${lines[n - 1]}`.trimEnd());
    if (n === span.line) {
      const prefix = (lines[n - 1] ?? '').slice(0, Math.max(0, span.col - 1)).replace(/[^\t]/g, ' ');
      out.push(`  ${' '.repeat(width)} | ${prefix}^`);
    }
  }
  return out.join('\n');
}

function readQuietly(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
