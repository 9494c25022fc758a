import { createRequire } from 'node:module';
import type * as NodeApi from '@duckdb/node-api';

/**
 * DuckDB's Node package, loaded with `require`. It is CommonJS: an ESM `import` of it makes Node
 * scan every one of its files for export names before running them (cjs-module-lexer), which
 * cost 0.43 s of CPU against 0.25 s for `require`, in every ldp process that opens DuckDB.
 * Types still come from `import type … from '@duckdb/node-api'`, which loads nothing.
 */
const nodeApi: typeof NodeApi = createRequire(import.meta.url)('@duckdb/node-api');

export const { DuckDBInstance, ResultReturnType, listValue, version } = nodeApi;
export type DuckDBInstance = NodeApi.DuckDBInstance;
export type ResultReturnType = NodeApi.ResultReturnType;
