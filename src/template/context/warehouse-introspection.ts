import { LdpError } from '../../errors/index.js';
import { warehousePortOf } from './warehouse-port.js';

type Active = () => Readonly<Record<string, unknown>> | undefined;

/** dbt's context functions that read the warehouse while a template renders. */
const GLOBALS = ['run_query', 'load_relation'] as const;
const ADAPTER_METHODS = [
  'get_columns_in_relation',
  'get_relation',
  'list_relations_without_caching',
  'list_schemas',
  'check_schema_exists',
] as const;

function needsWarehouse(call: string): () => never {
  return () => {
    throw new LdpError({
      code: 'LDP483',
      message: `${call} reads the warehouse, and compiling for a BigQuery target does not connect to BigQuery`,
      hint: `Compute the value in the query itself (a subquery or join) instead of ${call} while rendering, or compile for a local (duckdb) target: compile for BigQuery never needs credentials.`,
    });
  };
}

/**
 * On a BigQuery target, the introspective functions exist but say why they cannot answer:
 * compile renders without a connection, so a model that needs one gets a message naming the
 * call rather than "undefined".
 */
export function bigqueryIntrospectionGlobals(
  active?: Active,
  connected: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  return Object.fromEntries(
    GLOBALS.map((name) => [name, whenConnected(active, connected[name], needsWarehouse(`${name}()`))]),
  );
}

export function bigqueryIntrospectionAdapterMethods(
  active?: Active,
  connected: Readonly<Record<string, unknown>> = {},
): Record<string, unknown> {
  return Object.fromEntries(
    ADAPTER_METHODS.map((name) => [
      name,
      whenConnected(active, connected[name], needsWarehouse(`adapter.${name}()`)),
    ]),
  );
}

/**
 * A render that has the warehouse at hand (`ldp run-operation` on a BigQuery target, whose
 * statements are query jobs) uses the connected builtin; any other says why it cannot.
 */
function whenConnected(active: Active | undefined, connected: unknown, refuse: () => never) {
  if (!active || typeof connected !== 'function') return refuse;
  return (...args: unknown[]) =>
    warehousePortOf(active()) ? (connected as (...a: unknown[]) => unknown)(...args) : refuse();
}
