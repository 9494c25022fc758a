import { LdpError } from '../../errors/index.js';
import { quoteBigQueryIdentifier, quoteIdentifier } from '../../sql/index.js';
import type { MacroInfo } from '../macro-library.js';
import { pyFunction } from '../python/py-args.js';
import { bigqueryIntrospectionAdapterMethods } from './warehouse-introspection.js';

/** dbt's `adapter` in templates: macro dispatch by adapter type, and identifier quoting. */
export function adapterObject(adapterType: string, findMacro: (name: string) => MacroInfo | undefined) {
  return {
    type: () => adapterType,
    /**
     * `<adapter>__name`, else `default__name`, as dbt resolves `adapter.dispatch('name')`. With a
     * namespace (`adapter.dispatch('dateadd', 'dbt')`) dbt searches the root project before the
     * namespace's package, so a project's `default__dateadd` wins over a built-in
     * `duckdb__dateadd`; without one, the adapter's prefix comes first wherever it is defined.
     */
    dispatch: pyFunction(
      'dispatch',
      ['macro_name', 'macro_namespace'],
      (name: unknown, namespace: unknown) => {
        const base = String(name);
        const candidates = [`${adapterType}__${base}`, `default__${base}`];
        const found = candidates.map((candidate) => findMacro(candidate));
        const projectOwn =
          namespace === undefined || namespace === null
            ? undefined
            : found.find((macro) => macro !== undefined && macro.namespace === undefined);
        const macro = projectOwn ?? found.find((candidate) => candidate !== undefined);
        if (macro) return macro.fn;
        const where =
          namespace === undefined || namespace === null ? '' : ` in namespace '${String(namespace)}'`;
        throw new LdpError({
          code: 'LDP206',
          message: `adapter.dispatch('${base}') found no macro${where}: looked for ${candidates.join(', ')}`,
          hint: `Define {% macro default__${base}(…) %} (or ${adapterType}__${base}) in one of the macro-paths.`,
        });
      },
    ),
    /** The engine's quoting: DuckDB's double quotes, or BigQuery's backticks. */
    ...(adapterType === 'bigquery' ? bigqueryIntrospectionAdapterMethods() : {}),
    quote: (identifier: unknown) =>
      adapterType === 'bigquery'
        ? quoteBigQueryIdentifier(String(identifier))
        : quoteIdentifier(String(identifier)),
  };
}
