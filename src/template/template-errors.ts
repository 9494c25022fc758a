import { didYouMeanHint, LdpError, type Span } from '../errors/index.js';
import { templateFrames, UndefinedCallError } from './install-compat.js';

/**
 * Turns anything a render threw into an `LdpError` at the right place: the innermost template
 * line that failed (inside a macro if that is where it happened) and, as a related note, the
 * line of the file being rendered that called it.
 */
export function toTemplateError(
  error: unknown,
  template: { readonly path: string; readonly text: string; readonly line?: number },
  knownNames: () => Iterable<string>,
  fallback: { line: number; col: number } | undefined = positionOf(error, 0),
): LdpError {
  const runtimeError = unwrap(error);
  if (runtimeError !== error)
    return toTemplateError(runtimeError, template, knownNames, positionOf(error, 1));
  const frames = templateFrames(error);
  const innermost = frames.find((frame) => frame.file !== undefined);
  const callSite = [...frames].reverse().find((frame) => frame.file === template.path);
  const offset = (template.line ?? 1) - 1;
  const span: Span | undefined = innermost
    ? {
        file: innermost.file!,
        line: innermost.line + (innermost.file === template.path ? offset : 0),
        col: innermost.col,
      }
    : fallback && { file: template.path, line: fallback.line + offset, col: fallback.col };
  const related =
    callSite && innermost && innermost.file !== template.path
      ? [
          {
            message: `called from ${template.path}`,
            span: { file: template.path, line: callSite.line + offset, col: callSite.col },
          },
        ]
      : undefined;
  const source = span?.file === template.path && offset === 0 ? template.text : undefined;
  if (error instanceof LdpError) {
    return new LdpError({
      ...error.toInit(),
      ...(span ? { span } : {}),
      ...(source ? { source } : {}),
      ...(related ? { related } : {}),
    });
  }
  if (error instanceof UndefinedCallError) {
    return new LdpError({
      code: 'LDP207',
      message:
        error.reason === 'undefined'
          ? `'${error.callee}' is not defined: no macro or function has that name`
          : error.message,
      ...(span ? { span } : {}),
      ...(source ? { source } : {}),
      ...(related ? { related } : {}),
      hint:
        didYouMeanHint(error.callee, knownNames()) ??
        'Define it as a {% macro %} in one of the macro-paths, or check the spelling.',
    });
  }
  const syntax = isSyntaxError(error);
  return new LdpError(
    {
      code: syntax ? 'LDP201' : 'LDP205',
      message: `${syntax ? 'template syntax error' : 'template error'}: ${cleanMessage(error)}`,
      ...(span ? { span } : {}),
      ...(source ? { source } : {}),
      ...(related ? { related } : {}),
      hint: syntax
        ? 'Check the Jinja tags around this line ({{ }}, {% %} and their end tags).'
        : 'Check the expression on this line.',
    },
    { cause: error },
  );
}

/**
 * nunjucks wraps errors thrown while rendering in a TemplateError whose `cause` is the original
 * (which carries ldp's call frames); syntax errors are TemplateErrors without a cause.
 */
function unwrap(error: unknown): unknown {
  const e = error as { name?: string; cause?: unknown };
  return e?.name === 'Template render error' && e.cause instanceof Error ? e.cause : error;
}

/**
 * The position nunjucks attached: parser errors are 1-based already, runtime positions are the
 * 0-based positions of the compiled node (`shift` 1 converts them).
 */
function positionOf(error: unknown, shift: number): { line: number; col: number } | undefined {
  const e = error as { lineno?: number; colno?: number; message?: string };
  // Compile errors reach us as plain Errors whose message carries the (1-based) position.
  const fromMessage = /\[Line (\d+), Column (\d+)\]/.exec(e?.message ?? '');
  if (fromMessage) return { line: Number(fromMessage[1]), col: Number(fromMessage[2]) };
  if (typeof e?.lineno !== 'number') return undefined;
  return { line: Math.max(1, e.lineno + shift), col: Math.max(1, (e.colno ?? 0) + shift) };
}

function isSyntaxError(error: unknown): boolean {
  const message = (error as { message?: string }).message ?? '';
  return /parse|unexpected|expected|unknown block tag|unclosed|lexer/i.test(message);
}

/** nunjucks prefixes messages with the path and position, which ldp prints separately. */
function cleanMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/^\([^)]*\)\s*/, '')
    .replace(/\[Line \d+, Column \d+\]\s*/g, '')
    .replace(/^\s*Error:\s*/m, '')
    .replace(/^(Template render error|parseAggregate|parsePrimary|parseSignature):?\s*/i, '')
    .trim()
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}
