import { createHash } from 'node:crypto';
import jsYaml from 'js-yaml';
import { LdpError, type Span } from '../../errors/index.js';
import { pyFunction } from '../python/py-args.js';
import { PyError, valueError } from '../python/py-errors.js';
import { pyJsonDumps, pyJsonLoads } from '../python/py-json.js';
import { iterate, pyEq } from '../python/py-ops.js';
import { dictKeys, isPlainObject, PyNamespace, PySet, PyTuple } from '../python/py-types.js';
import { pythonStr } from '../python/python-repr.js';
import { ReturnSignal } from '../runtime/return-signal.js';
import { splitArgs } from '../split-args.js';
import { adapterObject } from './adapter.js';
import { columnApi } from './column-object.js';
import type { MacroLookup } from './dispatch.js';
import { adapterIntrospection, statementGlobals } from './introspection.js';
import { pythonModules } from './modules.js';
import { relationApi } from './relation-object.js';
import {
  bigqueryIntrospectionAdapterMethods,
  bigqueryIntrospectionGlobals,
} from './warehouse-introspection.js';
import { warehousePortOf } from './warehouse-port.js';

export interface GlobalsOptions {
  readonly adapterType: string;
  /** The namespaced macros `adapter.dispatch` searches. */
  readonly macros: MacroLookup;
  readonly onWarn: (message: string, span?: Span) => void;
  readonly onLog: (message: string) => void;
  readonly callSite: () => Span | undefined;
  readonly clock: () => Date;
  /** The context of the render in progress (its `execute` flag and warehouse port). */
  readonly activeContext: () => Readonly<Record<string, unknown>> | undefined;
}

/** Python's `dict(...)`: a mapping or pairs, then keywords. */
function dict(...args: unknown[]): Record<string, unknown> {
  const { positional, keywords } = splitArgs(args);
  const out: Record<string, unknown> = {};
  const first = positional[0];
  if (isPlainObject(first)) for (const key of dictKeys(first)) out[key] = first[key];
  else if (first !== undefined) {
    for (const pair of iterate(first)) {
      const [key, value] = iterate(pair);
      out[pythonStr(key)] = value;
    }
  }
  return Object.assign(out, keywords);
}

/** Python's `range()`, as a list. */
function range(...args: unknown[]): number[] {
  const [start, stop, step] =
    args.length <= 1
      ? [0, Number(args[0] ?? 0), 1]
      : [Number(args[0]), Number(args[1]), Number(args[2] ?? 1)];
  if (step === 0) throw valueError('range() arg 3 must not be zero');
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

/** dbt's lenient functions: `fn(value, default=None)` gives `default` when Python would raise. */
function orDefault<T>(name: string, params: readonly string[], impl: (...args: never[]) => T) {
  return pyFunction(name, [...params, 'default'], (...args: unknown[]) => {
    try {
      return (impl as (...a: unknown[]) => T)(...args.slice(0, params.length));
    } catch (error) {
      if (error instanceof PyError || error instanceof SyntaxError || error instanceof jsYaml.YAMLException) {
        return args[params.length] ?? null;
      }
      throw error;
    }
  });
}

function zip(...lists: unknown[]): PyTuple[] {
  const arrays = lists.map((list) => iterate(list));
  const length = arrays.length === 0 ? 0 : Math.min(...arrays.map((a) => a.length));
  return Array.from({ length }, (_, i) => PyTuple.make(arrays.map((a) => a[i])));
}

/** Jinja2's `cycler()` and `joiner()`. */
function cycler(...items: unknown[]) {
  let position = 0;
  return {
    get current() {
      return items[position];
    },
    next: () => {
      const item = items[position];
      position = (position + 1) % items.length;
      return item;
    },
    reset: () => {
      position = 0;
      return null;
    },
  };
}

function joiner(separator: unknown = ', ') {
  let used = false;
  return () => {
    if (used) return separator;
    used = true;
    return '';
  };
}

function compilerError(message: unknown): never {
  throw new LdpError({
    code: 'LDP202',
    message: pythonStr(message),
    hint: 'The project raised this error itself (exceptions.raise_compiler_error); read the message above.',
  });
}

/** Builtins every template sees: Jinja2's globals and dbt's context functions that need no node. */
export function templateGlobals(options: GlobalsOptions): Record<string, unknown> {
  // A render that reads the warehouse may run more than once (see `RenderSuspended`): its
  // output waits until the render is final.
  const emit = (write: () => void) => {
    const port = warehousePortOf(options.activeContext());
    if (port) port.output(write);
    else write();
  };
  return {
    ...statementGlobals(options.activeContext),
    api: { Relation: relationApi, Column: columnApi },
    return: (value: unknown) => {
      throw new ReturnSignal(value);
    },
    range,
    dict,
    namespace: (...args: unknown[]) => new PyNamespace(dict(...args)),
    cycler,
    joiner,
    zip: (...args: unknown[]) => {
      const { positional, keywords } = splitArgs(args);
      try {
        return zip(...positional);
      } catch (error) {
        if (error instanceof PyError) return keywords['default'] ?? null;
        throw error;
      }
    },
    zip_strict: (...lists: unknown[]) => zip(...lists),
    set: orDefault('set', ['value'], (value: unknown) => PySet.make(iterate(value), pyEq)),
    set_strict: (value: unknown) => PySet.make(iterate(value), pyEq),
    tojson: orDefault('tojson', ['value', 'sort_keys'], (value: unknown, sortKeys: unknown) =>
      pyJsonDumps(value, { sortKeys: sortKeys === true }),
    ),
    fromjson: orDefault('fromjson', ['string'], (text: unknown) => pyJsonLoads(String(text))),
    toyaml: orDefault('toyaml', ['value', 'sort_keys'], (value: unknown, sortKeys: unknown) =>
      jsYaml.dump(value, { noArrayIndent: true, sortKeys: sortKeys === true, lineWidth: -1 }),
    ),
    fromyaml: orDefault('fromyaml', ['value'], (text: unknown) => jsYaml.load(String(text)) ?? null),
    local_md5: (value: unknown) => createHash('md5').update(pythonStr(value)).digest('hex'),
    modules: pythonModules(options.clock),
    exceptions: {
      raise_compiler_error: compilerError,
      raise_not_implemented: (message: unknown) => compilerError(`not implemented: ${pythonStr(message)}`),
      warn: (message: unknown) => {
        const site = options.callSite();
        emit(() => options.onWarn(pythonStr(message), site));
        return '';
      },
    },
    log: pyFunction('log', ['msg', 'info'], (message: unknown, info: unknown) => {
      if (info === true) emit(() => options.onLog(pythonStr(message)));
      return '';
    }),
    print: (message: unknown) => {
      emit(() => options.onLog(pythonStr(message)));
      return '';
    },
    adapter: {
      ...adapterObject(options.adapterType, options.macros),
      ...adapterIntrospection(options.activeContext),
      ...(options.adapterType === 'bigquery'
        ? bigqueryIntrospectionAdapterMethods(
            options.activeContext,
            adapterIntrospection(options.activeContext),
          )
        : {}),
    },
    // A BigQuery target has no warehouse ldp can read while compiling: introspection says so.
    ...(options.adapterType === 'bigquery'
      ? bigqueryIntrospectionGlobals(options.activeContext, statementGlobals(options.activeContext))
      : {}),
  };
}
