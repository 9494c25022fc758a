export {
  QUERY_LIMITS,
  type ReadOnlyQueryOptions,
  type ReadOnlyQueryResult,
  readOnlyQuery,
} from './read-only-query.js';
