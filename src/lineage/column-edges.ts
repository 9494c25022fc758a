import type { ColumnLineageEdge, ColumnLineageResult } from './types.js';

/**
 * The catalog rows (`ldp_lineage_column_edges`) for the node `childId`: one per output column and
 * upstream column. Placeholders of unexpandable stars have no column to attach to and are left
 * out; an untraced column keeps the sources that are certain.
 */
export function columnLineageEdges(childId: string, result: ColumnLineageResult): ColumnLineageEdge[] {
  if (result.status === 'failed') return [];
  return result.columns.flatMap((column) =>
    'placeholder' in column && column.placeholder
      ? []
      : column.sources.map((source) => ({
          childId,
          childColumn: column.name,
          parentId: source.nodeId,
          parentColumn: source.column,
          kind: source.kind,
        })),
  );
}
