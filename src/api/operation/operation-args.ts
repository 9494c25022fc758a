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

/** What `operationMacro` needs of the template engine. */
export interface OperationMacros {
  readonly macros: ReadonlyMap<string, MacroInfo>;
  testMacro(name: string, namespace?: string): string | undefined;
}

/**
 * The macro `name` names, as dbt's run-operation finds it: `namespace.macro` in that package
 * (`dbt.date_spine`), an unqualified name in the root project, then in an installed package
 * (`stage_external_sources` of dbt-external-tables), then ldp's built-ins. Returns the name to
 * call and the package whose macros it sees unqualified. Unknown is `LDP234` with the closest names.
 */
export function operationMacro(
  engine: OperationMacros,
  name: string,
): { name: string; packageName?: string } {
  const dot = name.lastIndexOf('.');
  const [namespace, macroName] = dot === -1 ? [undefined, name] : [name.slice(0, dot), name.slice(dot + 1)];
  const macros = engine.macros;
  const own = macros.get(macroName);
  if (own && (namespace === undefined || own.namespace === namespace || own.namespace === undefined))
    return { name: macroName };
  const found = engine.testMacro(macroName, namespace);
  if (found !== undefined) {
    const qualified = found.lastIndexOf('.');
    return qualified === -1 ? { name: found } : { name: found, packageName: found.slice(0, qualified) };
  }
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
