export { columnLineageEdges } from './column-edges.js';
export { ColumnLineageTracer, traceColumnLineage } from './column-lineage.js';
export { findLineageColumn, findLineageNode } from './graph/find-node.js';
export type {
  LineageDirection,
  LineageGraphInput,
  LineageGraphNode,
  LineageLink,
  LineageQuery,
  LineageSubgraph,
  LineageVertex,
} from './graph/graph-types.js';
export { queryLineage } from './graph/query-lineage.js';
export { LINEAGE_FORMATS, type LineageFormat, renderLineage } from './graph/render-lineage.js';
export type { LineageDataset } from './openlineage/column-lineage-facet.js';
export { buildRunEvent, type RunEventInput, type RunState } from './openlineage/run-event.js';
export type {
  ColumnLineageFacet,
  InputField,
  RunEvent,
  RunEventType,
  Transformation,
} from './openlineage/spec.js';
export { googleSqlForDuckDbParser } from './sql/googlesql.js';
export type {
  ColumnEdgeKind,
  ColumnLineageEdge,
  ColumnLineageInput,
  ColumnLineageResult,
  ColumnSource,
  EphemeralMode,
  OutputColumnLineage,
  UpstreamColumn,
  UpstreamRelation,
} from './types.js';
