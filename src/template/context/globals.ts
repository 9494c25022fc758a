import jsYaml from 'js-yaml';
import { LdpError } from '../../errors/index.js';
import { toIterable } from '../python-methods.js';
import { ReturnSignal } from '../return-signal.js';
import { splitArgs } from '../split-args.js';
import { pythonModules } from './modules.js';

export interface GlobalsOptions {
  readonly adapterType: string;
  readonly findMacro: (name: string) => ((...args: unknown[]) => unknown) | undefined;
  readonly onWarn: (message: string) => void;
  readonly onLog: (message: string) => void;
  readonly clock: () => Date;
}

/** Builtins every template sees, whatever the project or node. */
export function templateGlobals(options: GlobalsOptions): Record<string, unknown> {
  return {
    return: (value: unknown) => {
      throw new ReturnSignal(value);
    },
    namespace: (...args: unknown[]) => ({ ...splitArgs(args).keywords }),
    dict: (...args: unknown[]) => {
      const { positional, keywords } = splitArgs(args);
      const first = positional[0];
      const base = Array.isArray(first)
        ? Object.fromEntries(first as [string, unknown][])
        : { ...(first as object | undefined) };
      return { ...base, ...keywords };
    },
    zip: (...lists: unknown[]) => {
      const arrays = lists.map((list) => [...toIterable(list)]);
      const length = Math.min(...arrays.map((a) => a.length));
      return Array.from({ length }, (_, i) => arrays.map((a) => a[i]));
    },
    set: (items?: unknown) => [...new Set(toIterable(items))],
    list: (items?: unknown) => [...toIterable(items)],
    len: (items: unknown) => [...toIterable(items)].length,
    tojson: (value: unknown, ...rest: unknown[]) => {
      const { keywords } = splitArgs(rest);
      return JSON.stringify(
        value ?? null,
        null,
        keywords['indent'] === undefined ? undefined : Number(keywords['indent']),
      );
    },
    fromjson: (text: unknown, fallback: unknown = null) => {
      try {
        return JSON.parse(String(text));
      } catch {
        return fallback;
      }
    },
    toyaml: (value: unknown) => jsYaml.dump(value),
    fromyaml: (text: unknown, fallback: unknown = null) => {
      try {
        return jsYaml.load(String(text));
      } catch {
        return fallback;
      }
    },
    modules: pythonModules(options.clock),
    exceptions: {
      raise_compiler_error: (message: unknown) => {
        throw new LdpError({
          code: 'LDP202',
          message: String(message),
          hint: 'The project raised this error itself (exceptions.raise_compiler_error).',
        });
      },
      warn: (message: unknown) => {
        options.onWarn(String(message));
        return '';
      },
    },
    log: (message: unknown, ...rest: unknown[]) => {
      const { positional, keywords } = splitArgs(rest);
      if (positional[0] === true || keywords['info'] === true) options.onLog(String(message));
      return '';
    },
    print: (message: unknown) => {
      options.onLog(String(message));
      return '';
    },
    adapter: adapterObject(options),
  };
}

/** dbt's `adapter` in templates: macro dispatch by adapter type, and identifier quoting. */
function adapterObject(options: GlobalsOptions) {
  return {
    type: () => options.adapterType,
    dispatch: (name: unknown, macroNamespace?: unknown) => {
      const base = String(name);
      const candidates = [`${options.adapterType}__${base}`, `default__${base}`];
      for (const candidate of candidates) {
        const macro = options.findMacro(candidate);
        if (macro) return macro;
      }
      throw new LdpError({
        code: 'LDP206',
        message: `adapter.dispatch('${base}'${macroNamespace ? `, '${String(macroNamespace)}'` : ''}) found no macro: looked for ${candidates.join(', ')}`,
        hint: `Define {% macro default__${base}(…) %} (or ${options.adapterType}__${base}) in macros/.`,
      });
    },
    quote: (identifier: unknown) => `"${String(identifier).replace(/"/g, '""')}"`,
  };
}
