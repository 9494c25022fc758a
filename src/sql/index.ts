export { quoteBigQueryString } from './bigquery-literals.js';
export { type CsvShape, csvShape } from './csv-shape.js';
export {
  bigqueryDialect,
  type DialectName,
  DUCKDB_DIALECT,
  dialectOf,
  quoteBigQueryIdentifier,
  type SqlDialect,
} from './dialect.js';
export {
  displayRelation,
  qualifiedRelationName,
  quoteIdentifier,
  relationName,
  unquoteIdentifier,
} from './identifiers.js';
export { quoteLiteral, quoteString, type SqlValue } from './literals.js';
export { STORABLE_NAME_RULE, storableNameProblem } from './storable-name.js';
