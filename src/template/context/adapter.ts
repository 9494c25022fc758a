import { quoteBigQueryIdentifier, quoteIdentifier } from '../../sql/index.js';
import { pyFunction } from '../python/py-args.js';
import { dispatchMacro, type MacroLookup } from './dispatch.js';
import { bigqueryIntrospectionAdapterMethods } from './warehouse-introspection.js';

/** dbt's `adapter` in templates: macro dispatch by adapter type, and identifier quoting. */
export function adapterObject(adapterType: string, macros: MacroLookup) {
  return {
    type: () => adapterType,
    /** `<adapter>__name`, else `default__name`, along the namespace's search order (see `dispatchMacro`). */
    dispatch: pyFunction('dispatch', ['macro_name', 'macro_namespace'], (name: unknown, namespace: unknown) =>
      dispatchMacro(
        adapterType,
        macros,
        String(name),
        namespace === undefined || namespace === null ? undefined : String(namespace),
      ),
    ),
    /** The engine's quoting: DuckDB's double quotes, or BigQuery's backticks. */
    ...(adapterType === 'bigquery' ? bigqueryIntrospectionAdapterMethods() : {}),
    quote: (identifier: unknown) =>
      adapterType === 'bigquery'
        ? quoteBigQueryIdentifier(String(identifier))
        : quoteIdentifier(String(identifier)),
  };
}
