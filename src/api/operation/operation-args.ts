import jsYaml from 'js-yaml';
import { didYouMeanHint, LdpError } from '../../errors/index.js';
import type { MacroInfo } from '../../template/index.js';

/** `--args '{table: orders, days: 7}'`: a YAML (or JSON) mapping of the macro's keyword arguments. */
export function operationArgs(text: string | undefined): Record<string, unknown> {
  if (text === undefined || text.trim() === '') return {};
  let value: unknown;
  try {
    value = jsYaml.load(text);
  } catch (error) {
    const reason = error instanceof jsYaml.YAMLException ? error.reason : String(error);
    throw badArgs(`--args is not valid YAML: ${reason}`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw badArgs(`--args must be a mapping of argument names to values, not ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

function badArgs(message: string): LdpError {
  return new LdpError({
    code: 'LDP235',
    message,
    hint: "Give the macro's keyword arguments as YAML or JSON: --args '{table: orders, days: 7}'.",
  });
}

/**
 * The macro `name` names: a macro of the project (or ldp's built-ins), or `namespace.macro`
 * (`dbt.date_spine`, a package's macros). Unknown is `LDP234` with the closest names.
 */
export function operationMacro(macros: ReadonlyMap<string, MacroInfo>, name: string): MacroInfo {
  const dot = name.lastIndexOf('.');
  const [namespace, macroName] = dot === -1 ? [undefined, name] : [name.slice(0, dot), name.slice(dot + 1)];
  const macro = macros.get(macroName);
  if (macro && (namespace === undefined || macro.namespace === namespace || macro.namespace === undefined))
    return macro;
  throw new LdpError({
    code: 'LDP234',
    message: `run-operation: macro '${name}' is not defined`,
    hint:
      didYouMeanHint(
        macroName,
        [...macros.keys()].filter((key) => !key.startsWith('test_')),
      ) ?? `Define {% macro ${macroName}(…) %} in one of the macro-paths.`,
  });
}
