import { didYouMean, LdpError } from '../../errors/index.js';
import {
  type IndirectSelection,
  SELECTION_METHODS,
  type SelectionCriterion,
  type SelectionMethod,
  type SelectionSpec,
} from './selection-spec.js';

/** dbt's criterion grammar: `@`, `n+`, `method.args:`, value, `+n`. */
const CRITERION = /^(@)?(?:(\d*)\+)?(?:([\w.]+):)?(.*?)(?:\+(\d*))?$/s;

/** dbt methods ldp knows of but does not implement, so they get a precise message. */
const UNSUPPORTED_METHODS = [
  'result',
  'source_status',
  'metric',
  'semantic_model',
  'saved_query',
  'group',
  'access',
  'wildcard',
];

const FILE_EXTENSIONS = ['.sql', '.py', '.csv'];

const SYNTAX_HINT =
  'Write a name with optional graph operators (orders, +orders, orders+, 2+orders, orders+1, @orders) ' +
  'or method:value (tag:nightly, path:models/silver, config.materialized:incremental); ' +
  'separate a union with spaces and an intersection with commas.';

/**
 * Parses one `--select`/`--exclude` value as dbt does: space-separated terms are a union, each
 * term a comma-separated intersection of criteria. Throws `LdpError` LDP320/LDP321 on bad syntax.
 */
export function parseSelector(text: string): SelectionSpec {
  return parseCliSelection(text, { warnIfEmpty: true });
}

/** {@link parseSelector} with the choices yaml definitions make differently. */
export function parseCliSelection(
  text: string,
  options: { readonly warnIfEmpty: boolean; readonly indirectSelection?: IndirectSelection },
): SelectionSpec {
  const terms = text.trim().split(/\s+/).filter(Boolean);
  if (terms.length === 0) {
    throw syntaxError('the selection is empty', 'Give a node name or method:value, or leave the flag out.');
  }
  return {
    kind: 'union',
    raw: text,
    warnIfEmpty: false,
    items: terms.map((term) => ({
      kind: 'intersection',
      raw: term,
      warnIfEmpty: options.warnIfEmpty,
      items: term.split(',').map((part) => parseCriterion(part, options.indirectSelection)),
    })),
  };
}

/** Parses one criterion such as `2+tag:nightly+`, `@orders` or `config.materialized:table`. */
export function parseCriterion(raw: string, indirectSelection?: IndirectSelection): SelectionCriterion {
  const match = CRITERION.exec(raw);
  const [, at, up, methodText, value = '', down] = match ?? [];
  if (value === '') {
    const what = methodText ? `no value after '${methodText}:'` : 'no node name';
    throw syntaxError(`the selector '${raw}' has ${what}`, SYNTAX_HINT);
  }
  if (value.includes('+')) {
    throw syntaxError(`the selector '${raw}' has a '+' in the middle or twice at one end`, SYNTAX_HINT);
  }
  if (at && down !== undefined) {
    throw syntaxError(
      `the selector '${raw}' combines '@' with a trailing '+'`,
      "'@x' already selects every descendant of x (and their ancestors); drop the trailing '+'.",
    );
  }
  const { method, methodArguments } =
    methodText === undefined
      ? { method: defaultMethod(value, raw), methodArguments: [] }
      : readMethod(methodText, raw);
  return {
    kind: 'criterion',
    method,
    methodArguments,
    value,
    parents: up !== undefined,
    ...(up ? { parentsDepth: Number(up) } : {}),
    children: down !== undefined,
    ...(down ? { childrenDepth: Number(down) } : {}),
    childrensParents: at !== undefined,
    ...(indirectSelection ? { indirectSelection } : {}),
    raw,
  };
}

/**
 * Reads `method` or `method.arg.arg` (only `config` takes arguments). Unknown names get a
 * suggestion and the list of methods.
 */
export function readMethod(
  text: string,
  raw: string,
): { method: SelectionMethod; methodArguments: string[] } {
  const [name = '', ...methodArguments] = text.split('.');
  const method = SELECTION_METHODS.find((known) => known === name);
  if (method === undefined) throw unknownMethod(name, raw);
  if (methodArguments.some((argument) => argument === '')) {
    throw syntaxError(`the method '${text}' in '${raw}' has an empty part between dots`, SYNTAX_HINT);
  }
  if (method === 'config' && methodArguments.length === 0) {
    throw syntaxError(
      `the 'config' method in '${raw}' needs a config key`,
      'Write config.<key>:<value>, e.g. config.materialized:incremental.',
    );
  }
  if (method !== 'config' && methodArguments.length > 0) {
    throw syntaxError(
      `the method '${method}' in '${raw}' takes no '.${methodArguments.join('.')}'`,
      SYNTAX_HINT,
    );
  }
  return { method, methodArguments };
}

/** dbt's default for a value without a method: a path if it has a slash, a file if it has an extension. */
function defaultMethod(value: string, raw: string): SelectionMethod {
  const colon = value.indexOf(':');
  if (colon !== -1) throw unknownMethod(value.slice(0, colon), raw);
  if (value.includes('/') || value.includes('\\')) return 'path';
  if (FILE_EXTENSIONS.some((extension) => value.toLowerCase().endsWith(extension))) return 'file';
  return 'fqn';
}

function unknownMethod(name: string, raw: string): LdpError {
  const methods = SELECTION_METHODS.map((method) => (method === 'config' ? 'config.<key>' : method)).join(
    ', ',
  );
  if (UNSUPPORTED_METHODS.includes(name)) {
    return new LdpError({
      code: 'LDP321',
      message: `ldp does not support dbt's '${name}' selection method (in '${raw}')`,
      hint: `Use one of: ${methods}.`,
    });
  }
  const suggestion = didYouMean(name, SELECTION_METHODS);
  return new LdpError({
    code: 'LDP321',
    message: `unknown selection method '${name}' in '${raw}'; the methods are ${methods}`,
    hint: suggestion ? `Did you mean '${suggestion}'?` : `Use one of: ${methods}.`,
  });
}

function syntaxError(message: string, hint: string): LdpError {
  return new LdpError({ code: 'LDP320', message, hint });
}
