export { type CsvShape, csvShape } from './csv-shape.js';
export { qualifiedRelationName, quoteIdentifier, relationName, unquoteIdentifier } from './identifiers.js';
export { quoteLiteral, quoteString, type SqlValue } from './literals.js';
export { STORABLE_NAME_RULE, storableNameProblem } from './storable-name.js';
