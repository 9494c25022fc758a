import { LdpError } from '../../errors/index.js';
import { quoteIdentifier } from '../../sql/index.js';
import { pyFunction } from '../python/py-args.js';

/** dbt's `adapter` in templates: macro dispatch by adapter type, and identifier quoting. */
export function adapterObject(
  adapterType: string,
  findMacro: (name: string) => ((...args: unknown[]) => unknown) | undefined,
) {
  return {
    type: () => adapterType,
    /** `<adapter>__name`, else `default__name`, as dbt resolves `adapter.dispatch('name')`. */
    dispatch: pyFunction(
      'dispatch',
      ['macro_name', 'macro_namespace'],
      (name: unknown, namespace: unknown) => {
        const base = String(name);
        const candidates = [`${adapterType}__${base}`, `default__${base}`];
        for (const candidate of candidates) {
          const macro = findMacro(candidate);
          if (macro) return macro;
        }
        const where =
          namespace === undefined || namespace === null ? '' : ` in namespace '${String(namespace)}'`;
        throw new LdpError({
          code: 'LDP206',
          message: `adapter.dispatch('${base}') found no macro${where}: looked for ${candidates.join(', ')}`,
          hint: `Define {% macro default__${base}(…) %} (or ${adapterType}__${base}) in one of the macro-paths.`,
        });
      },
    ),
    /** DuckDB quoting: double quotes, inner double quotes doubled. */
    quote: (identifier: unknown) => quoteIdentifier(String(identifier)),
  };
}
