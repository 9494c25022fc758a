import {
  didYouMeanHint,
  InternalError,
  LdpError,
  LdpErrors,
  offsetToLineCol,
  type Span,
} from '../errors/index.js';
import { PyError } from './python/py-errors.js';
import { templateFrames, UndefinedCallError } from './runtime/call-frames.js';
import { ReturnSignal } from './runtime/return-signal.js';

/** The template an error came from, as the engine was given it. */
export interface ErrorSource {
  readonly path: string;
  readonly text: string;
  /** Line and column of the file where `text` starts (1-based). */
  readonly line?: number;
  readonly col?: number;
}

/** Names the engine knows, for "did you mean" hints. */
export interface KnownNames {
  callables(): Iterable<string>;
  filters(): Iterable<string>;
  tests(): Iterable<string>;
  /** The text of a macro file, for code frames. */
  sourceOf(file: string): string | undefined;
}

interface TemplateSyntaxError {
  readonly name: string;
  readonly message: string;
  readonly lineno?: number;
  readonly colno?: number;
  readonly ldpCode?: string;
}

/** nunjucks gives no position when the template ends inside a block: the parser has no token left. */
const AT_END_OF_FILE = /\bend of (file|template)\b/;

/** A `{{` or `{%` that is never closed: the lexer runs to the end and gives no position either. */
const UNCLOSED_TAG = /\bexpected (variable|block) end\b/;

const TAG_DELIMITERS = { variable: ['{{', '}}'], block: ['{%', '%}'] } as const;

function isSyntaxError(error: unknown): error is TemplateSyntaxError {
  return (
    error instanceof Error &&
    error.name === 'Template render error' &&
    templateFrames(error).length === 0 &&
    (typeof (error as TemplateSyntaxError).lineno === 'number' ||
      AT_END_OF_FILE.test(error.message) ||
      UNCLOSED_TAG.test(error.message))
  );
}

/**
 * Where a block that is never closed opens (`{% if %}` for "expected … endif, got end of file"):
 * the last opening tag of that kind without its end tag; else the end of the template.
 * Lines and columns are 1-based positions in `text`.
 */
function unclosedBlockPosition(
  text: string,
  message: string,
): { line: number; col: number; endTag?: string } {
  const kind = /\bend(\w+)\b/.exec(message)?.[1];
  if (kind) {
    const open: number[] = [];
    for (const tag of text.matchAll(new RegExp(`\\{%-?\\s*(end)?${kind}\\b`, 'g'))) {
      if (tag[1]) open.pop();
      else open.push(tag.index);
    }
    const at = open.at(-1);
    if (at !== undefined) return { ...offsetToLineCol(text, at), endTag: `{% end${kind} %}` };
  }
  return offsetToLineCol(text, text.trimEnd().length);
}

/**
 * Where a `{{ … }}` or `{% … %}` that is never closed opens: the last opening delimiter with no
 * closing one after it; undefined when every tag is closed (the error is then elsewhere).
 */
function unclosedTagPosition(
  text: string,
  message: string,
): { line: number; col: number; endTag: string } | undefined {
  const kind = UNCLOSED_TAG.exec(message)?.[1] as keyof typeof TAG_DELIMITERS | undefined;
  if (!kind) return undefined;
  const [open, close] = TAG_DELIMITERS[kind];
  const at = text.lastIndexOf(open);
  if (at === -1 || text.indexOf(close, at + open.length) !== -1) return undefined;
  return { ...offsetToLineCol(text, at), endTag: close };
}

/** nunjucks prefixes some messages with the parser method that failed. */
function cleanMessage(message: string): string {
  return message.replace(/^(parse\w*|compile\w*|assertType):\s*/i, '').trim();
}

/** An error found while compiling a template, at its (1-based) position in the file. */
function syntaxError(error: TemplateSyntaxError, source: ErrorSource, names: KnownNames): LdpError {
  const unclosed = AT_END_OF_FILE.test(error.message)
    ? unclosedBlockPosition(source.text, error.message)
    : unclosedTagPosition(source.text, error.message);
  const line = unclosed?.line ?? error.lineno ?? 1;
  const col = unclosed?.col ?? error.colno ?? 1;
  const span: Span = {
    file: source.path,
    line: line + (source.line ?? 1) - 1,
    col: col + (line === 1 ? (source.col ?? 1) - 1 : 0),
  };
  const text = (source.line ?? 1) === 1 && (source.col ?? 1) === 1 ? source.text : undefined;
  const message = cleanMessage(error.message);
  const unknown = /^no (filter|test) named '([^']*)'/.exec(message);
  if (unknown) {
    const candidates = unknown[1] === 'filter' ? names.filters() : names.tests();
    return new LdpError({
      code: 'LDP209',
      message,
      span,
      ...(text === undefined ? {} : { source: text }),
      hint: didYouMeanHint(unknown[2]!, candidates) ?? `Jinja2 and dbt have no ${unknown[1]} of that name.`,
    });
  }
  return new LdpError({
    code: error.ldpCode === 'LDP210' ? 'LDP210' : 'LDP201',
    message: error.ldpCode === 'LDP210' ? message : `template syntax error: ${message}`,
    span,
    ...(text === undefined ? {} : { source: text }),
    hint:
      error.ldpCode === 'LDP210'
        ? 'Move the shared SQL into a {% macro %} in one of the macro-paths and call it.'
        : unclosed?.endTag
          ? `This ${unclosed.endTag.startsWith('{%') ? 'block' : 'tag'} is never closed: add ${unclosed.endTag} where it should end.`
          : 'Check the Jinja tags around this line ({{ }}, {% %} and their end tags).',
  });
}

/** The parts of a diagnostic every runtime error shares: where, the code frame, the call chain. */
function place(error: unknown, source: ErrorSource, names: KnownNames) {
  const frames = templateFrames(error);
  const span = frames[0]?.span;
  const related = frames.slice(1).map((frame) => ({
    message: `called from here${frame.callee ? ` (the call to '${frame.callee}')` : ''}`,
    span: frame.span,
  }));
  const text =
    span === undefined ? undefined : span.file === source.path ? source.text : names.sourceOf(span.file);
  const exactText =
    span?.file === source.path && ((source.line ?? 1) !== 1 || (source.col ?? 1) !== 1) ? undefined : text;
  return {
    ...(span ? { span } : {}),
    ...(exactText === undefined ? {} : { source: exactText }),
    ...(related.length > 0 ? { related } : {}),
  };
}

/** A call of something that is not a function: a misspelt macro, or a method the value lacks. */
function undefinedCall(
  error: UndefinedCallError,
  where: ReturnType<typeof place>,
  names: KnownNames,
): LdpError {
  const method = /^(.*)\.(\w+)$/.exec(error.callee);
  if (error.reason === 'not callable') {
    return new LdpError({
      code: 'LDP207',
      message: `'${error.callee}' is not callable`,
      ...where,
      hint: 'Only macros and functions can be called; remove the parentheses.',
    });
  }
  if (method) {
    return new LdpError({
      code: 'LDP207',
      message: `'${error.callee}' is undefined: the value of '${method[1]}' has no attribute '${method[2]}'`,
      ...where,
      hint: 'Check the value before the dot: Python methods exist on strings, lists and dicts, and undefined values have none.',
    });
  }
  return new LdpError({
    code: 'LDP207',
    message: `'${error.callee}' is undefined: no macro or function has that name`,
    ...where,
    hint:
      didYouMeanHint(error.callee, names.callables()) ??
      'Define it as a {% macro %} in one of the macro-paths, or check the spelling.',
  });
}

/**
 * Turns anything a render threw into an `LdpError` at the right place: the innermost template
 * line that failed (inside a macro if that is where it happened) with, as related notes, each
 * call site outwards to the line of the file being rendered. No JavaScript stack reaches the user.
 */
export function toTemplateError(
  error: unknown,
  source: ErrorSource,
  names: KnownNames,
): LdpError | LdpErrors | InternalError {
  if (error instanceof LdpErrors || error instanceof InternalError) return error;
  if (isSyntaxError(error)) return syntaxError(error, source, names);
  if (error instanceof LdpError)
    return error.span
      ? error
      : new LdpError({ ...error.toInit(), ...place(error, source, names) }, { cause: error.cause });
  const where = place(error, source, names);
  if (error instanceof UndefinedCallError) return undefinedCall(error, where, names);
  if (error instanceof ReturnSignal) {
    return new LdpError({
      code: 'LDP205',
      message: 'return() used outside of a macro',
      ...where,
      hint: 'Only macros can return a value; print the value with {{ … }} instead.',
    });
  }
  const message = error instanceof PyError || error instanceof Error ? error.message : String(error);
  return new LdpError(
    {
      code: 'LDP205',
      message: `template error: ${cleanMessage(message)}`,
      ...where,
      hint: 'Check the expression on this line.',
    },
    { cause: error },
  );
}
