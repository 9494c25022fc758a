import { LdpError } from '../../errors/index.js';
import { quoteString } from '../../sql/index.js';
import { pyFunction } from '../python/py-args.js';
import { PyTuple } from '../python/py-types.js';
import { pythonStr } from '../python/python-repr.js';
import { AgateTable } from './agate-table.js';
import { TemplateColumn } from './column-object.js';
import { type RelationType, TemplateRelation } from './relation-object.js';
import { type QueryResult, type WarehousePort, warehouseNeeded, warehousePortOf } from './warehouse-port.js';

type Variables = Readonly<Record<string, unknown>>;

/**
 * The port of the render in progress, or `parsing` when `execute` is false: dbt's parse phase,
 * where introspective calls return empty results and never reach the warehouse.
 */
function portFor(active: () => Variables | undefined, call: string): WarehousePort | 'parsing' {
  const context = active();
  if (context?.['execute'] === false) return 'parsing';
  const port = warehousePortOf(context);
  if (!port) throw warehouseNeeded(call);
  return port;
}

/** dbt's `load_result(name)`: the statement's response, its rows as tuples and as a table. */
function statementResult(result: QueryResult, fetch: boolean): Record<string, unknown> {
  const table = new AgateTable(fetch ? result : { columns: [], rows: [], rowsAffected: null });
  const message = result.rowsAffected === null ? 'OK' : `OK ${result.rowsAffected}`;
  return {
    response: { _message: message, code: 'OK', rows_affected: result.rowsAffected ?? -1 },
    data: table.data(),
    table,
  };
}

/** `run_query`, `statement`, `load_result`, `store_result`: dbt's statement builtins. */
export function statementGlobals(active: () => Variables | undefined) {
  return {
    run_query: pyFunction('run_query', ['sql'], (sql: unknown) => {
      const port = portFor(active, 'run_query()');
      if (port === 'parsing') return undefined;
      return new AgateTable(port.query(pythonStr(sql), 'run_query()'));
    }),
    statement: pyFunction(
      'statement',
      ['name', 'fetch_result', 'auto_begin', 'language', 'caller'],
      (name: unknown, fetch: unknown, _autoBegin: unknown, _language: unknown, caller: unknown) => {
        const label = `statement('${pythonStr(name ?? '')}')`;
        const port = portFor(active, label);
        if (port === 'parsing') return '';
        if (typeof caller !== 'function') {
          throw new LdpError({
            code: 'LDP232',
            message: `${label} is a call block: it needs the SQL between {% call statement(…) %} and {% endcall %}`,
            hint: "Write {% call statement('name', fetch_result=True) %} select … {% endcall %}.",
          });
        }
        const result = port.query(pythonStr(caller()), label);
        if (name !== undefined && name !== null)
          port.results.set(pythonStr(name), statementResult(result, fetch === true));
        return '';
      },
    ),
    load_result: pyFunction('load_result', ['name'], (name: unknown) => {
      const port = portFor(active, 'load_result()');
      if (port === 'parsing') return null;
      return port.results.get(pythonStr(name)) ?? null;
    }),
    store_result: pyFunction(
      'store_result',
      ['name', 'response', 'agate_table'],
      (name: unknown, response: unknown, table: unknown) => {
        const port = portFor(active, 'store_result()');
        if (port !== 'parsing') port.results.set(pythonStr(name), { response, table, data: dataOf(table) });
        return '';
      },
    ),
  };
}

function dataOf(table: unknown): unknown {
  return table instanceof AgateTable ? table.data() : [];
}

/** The relation's schema and name, from a relation value (`ref()`, `this`, `api.Relation`). */
function relationParts(relation: unknown): { schema: string; identifier: string } | undefined {
  const value = relation as { schema?: unknown; identifier?: unknown } | null | undefined;
  if (!value || typeof value.schema !== 'string' || typeof value.identifier !== 'string') return undefined;
  return { schema: value.schema, identifier: value.identifier };
}

function columnsQuery(schema: string, identifier: string): string {
  return (
    'select column_name, data_type, character_maximum_length, numeric_precision, numeric_scale\n' +
    'from information_schema.columns\n' +
    `where lower(table_schema) = lower(${quoteString(schema)}) and lower(table_name) = lower(${quoteString(identifier)})\n` +
    'order by ordinal_position'
  );
}

function relationQuery(schema: string, identifier: string): string {
  return (
    'select table_schema, table_name, table_type, table_catalog from information_schema.tables\n' +
    `where lower(table_schema) = lower(${quoteString(schema)}) and lower(table_name) = lower(${quoteString(identifier)})`
  );
}

function toColumn(row: readonly unknown[]): TemplateColumn {
  const [name, type, size, precision, scale] = row;
  const number = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return new TemplateColumn(String(name), String(type), number(size), number(precision), number(scale));
}

/** The introspective methods of dbt's `adapter`: they read the lakehouse as the node runs. */
export function adapterIntrospection(active: () => Variables | undefined) {
  const columnsIn = (relation: unknown): TemplateColumn[] => {
    const port = portFor(active, 'adapter.get_columns_in_relation()');
    const parts = relationParts(relation);
    if (port === 'parsing' || !parts) return [];
    const call = `adapter.get_columns_in_relation(${pythonStr(relation)})`;
    return port.query(columnsQuery(parts.schema, parts.identifier), call).rows.map(toColumn);
  };
  const relationOf = (_database: unknown, schema: unknown, identifier: unknown) => {
    const port = portFor(active, 'adapter.get_relation()');
    if (port === 'parsing') return null;
    const call = `adapter.get_relation(${pythonStr(schema)}, ${pythonStr(identifier)})`;
    const found = port.query(relationQuery(pythonStr(schema), pythonStr(identifier)), call).rows[0];
    if (!found) return null;
    const [foundSchema, foundName, tableType, catalog] = found.map(String) as [
      string,
      string,
      string,
      string,
    ];
    const type: RelationType =
      tableType === 'VIEW' && !port.isTable(foundSchema, foundName) ? 'view' : 'table';
    // The database it is in (DuckDB's `memory` for the warehouse's relations), as dbt's has it.
    return new TemplateRelation({ database: catalog, schema: foundSchema, identifier: foundName, type });
  };
  return {
    get_columns_in_relation: pyFunction('get_columns_in_relation', ['relation'], columnsIn),
    get_relation: pyFunction('get_relation', ['database', 'schema', 'identifier'], relationOf),
    drop_relation: pyFunction('drop_relation', ['relation'], (relation: unknown) => {
      const port = portFor(active, 'adapter.drop_relation()');
      const parts = relationParts(relation);
      if (port !== 'parsing' && parts)
        port.dropRelation(parts.schema, parts.identifier, `adapter.drop_relation(${pythonStr(relation)})`);
      return '';
    }),
    get_missing_columns: pyFunction(
      'get_missing_columns',
      ['from_relation', 'to_relation'],
      (from: unknown, to: unknown) => {
        const present = new Set(columnsIn(to).map((column) => column.name.toLowerCase()));
        return columnsIn(from).filter((column) => !present.has(column.name.toLowerCase()));
      },
    ),
    check_schema_exists: pyFunction(
      'check_schema_exists',
      ['database', 'schema'],
      (_database: unknown, schema: unknown) => {
        const port = portFor(active, 'adapter.check_schema_exists()');
        if (port === 'parsing') return false;
        const sql = `select 1 from information_schema.schemata where lower(schema_name) = lower(${quoteString(pythonStr(schema))})`;
        return port.query(sql, 'adapter.check_schema_exists()').rows.length > 0;
      },
    ),
    execute: pyFunction(
      'execute',
      ['sql', 'auto_begin', 'fetch'],
      (sql: unknown, _begin: unknown, fetch: unknown) => {
        const port = portFor(active, 'adapter.execute()');
        if (port === 'parsing')
          return PyTuple.of(null, new AgateTable({ columns: [], rows: [], rowsAffected: null }));
        const result = statementResult(port.query(pythonStr(sql), 'adapter.execute()'), fetch === true);
        return PyTuple.of(result['response'], result['table']);
      },
    ),
  };
}
