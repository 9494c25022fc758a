export { type CompiledSql, type CompiledSqlOptions, compiledSql } from './compiled-sql.js';
export {
  type DescribedColumn,
  type DescribedStorage,
  type DescribedTest,
  type DescribeNodeOptions,
  describeNode,
  type NodeDescription,
} from './describe-node.js';
export { type RecentRunsOptions, type RunProblem, type RunSummary, recentRuns } from './recent-runs.js';
export { type NodeMatch, type SearchNodesOptions, searchNodes } from './search-nodes.js';
