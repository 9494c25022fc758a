import { fileFaultInMessage, LdpError, machineFaultOf } from '../../../errors/index.js';
import type { StepCommon } from '../../../model/execution-plan.js';

/**
 * A DuckDB error while running a step's SQL, as a user error pointing into the compiled file.
 * DuckDB reports `LINE n:` of the statement it was given; `lineOffset` is how many lines ldp put
 * before the compiled SQL in that statement, so the line lands in `target/compiled/…`.
 */
export function sqlError(error: unknown, step: StepCommon, lineOffset: number): LdpError {
  if (error instanceof LdpError) return error;
  const text = error instanceof Error ? error.message : String(error);
  // A full disk or a missing permission is no fault of the model's SQL.
  const fault =
    machineFaultOf(error) ??
    fileFaultInMessage(error, '(DuckDB did not name it)', /write|create/i.test(text) ? 'write' : 'read');
  if (fault) return fault;
  const where = errorPosition(text, lineOffset);
  // Project-relative, as every span: the reporter resolves it against the project folder.
  const compiledPath = step.compiled?.compiledPath;
  return new LdpError(
    {
      code: 'LDP401',
      message: `${step.resourceType} '${step.name}' failed in DuckDB: ${firstLines(text)}`,
      ...(compiledPath ? { span: { file: compiledPath, ...where } } : {}),
      hint: hintFor(text),
    },
    { cause: error },
  );
}

/**
 * The line and column DuckDB points at: `LINE n: <excerpt>` and a caret under the column. An
 * excerpt cut on the left (it starts with `...`) gives no column.
 */
function errorPosition(text: string, lineOffset: number): { line: number; col: number } {
  const match = /\bLINE (\d+): ([^\n]*)\n( *)\^/.exec(text);
  if (!match) {
    const line = /\bLINE (\d+):/.exec(text);
    return { line: line ? Math.max(1, Number(line[1]) - lineOffset) : 1, col: 1 };
  }
  const line = Math.max(1, Number(match[1]) - lineOffset);
  const prefix = `LINE ${match[1]}: `.length;
  const col = match[2]!.startsWith('...') ? 1 : Math.max(1, match[3]!.length - prefix + 1);
  return { line, col };
}

/**
 * DuckDB's message without its repeated source excerpt (the code frame shows the line) and
 * without the native stack trace it appends to internal errors.
 */
export function firstLines(text: string): string {
  const cut = text.search(/\n\s*(?:LINE \d+:|Stack Trace:)/);
  return (cut === -1 ? text : text.slice(0, cut)).trim();
}

function hintFor(text: string): string {
  if (/^INTERNAL Error/i.test(text)) {
    return 'DuckDB hit an internal error on this query: rewriting the expression it names (e.g. a cast) usually avoids it.';
  }
  if (/Table with name .* does not exist|Catalog Error: .*does not exist/i.test(text)) {
    return 'An upstream relation is missing: build it first (e.g. `ldp run -s +<model>`), or check the ref/source name.';
  }
  if (/Referenced column .* not found|Binder Error/i.test(text)) {
    return 'Check the column names against the upstream model (`ldp show -s <model> --limit 1`).';
  }
  if (/Conversion Error|Could not convert|Invalid Input Error/i.test(text)) {
    return 'A value does not fit the type it is cast to; cast with try_cast() or filter the rows.';
  }
  return 'Open the compiled SQL file at the line shown and fix the model.';
}
