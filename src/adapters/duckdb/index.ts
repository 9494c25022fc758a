export { quoteIdentifier, quoteLiteral, relationName, type SqlValue } from '../../sql/index.js';
export { checkSourceFiles, type SourceCheck } from './check-source-files.js';
export {
  type ColumnType,
  createOrReplaceView,
  describeQuery,
} from './introspect.js';
export { DuckDbPool, type DuckDbPoolOptions } from './pool.js';
export { type FileFormat, fillPlaceholders, formatFromExtension, sourceLabel } from './source-location.js';
export { type SourceRelation, sourceRelationSql } from './source-relation.js';
export { withoutTrailingSemicolons } from './trailing-semicolons.js';
