import type { ColumnInfo, SourceNode } from '../model/node.js';
import type { ColumnProperties, FreshnessRule, SourceDefinition, SourceTable } from '../model/properties.js';

/** One `SourceNode` per table of each `sources:` entry; schema defaults to the source name, as dbt. */
export function sourceNodes(projectName: string, definition: SourceDefinition, file: string): SourceNode[] {
  return definition.tables.map((table) => {
    const identifier = table.identifier ?? table.name;
    const tags = [...new Set([...definition.tags, ...table.tags])];
    return {
      resourceType: 'source',
      uniqueId: `source.${projectName}.${definition.name}.${table.name}`,
      name: table.name,
      sourceName: definition.name,
      identifier,
      packageName: projectName,
      originalFilePath: file,
      path: file,
      fqn: [projectName, ...folderOf(file), definition.name, table.name],
      description: table.description,
      sourceDescription: definition.description,
      tags,
      meta: { ...definition.meta, ...table.meta },
      span: table.span,
      relation: {
        ...(definition.database ? { database: definition.database } : {}),
        schema: definition.schema ?? definition.name,
        identifier,
      },
      ...loadedAt(definition, table),
      ...(table.freshness !== undefined || definition.freshness !== undefined
        ? { freshness: mergeFreshness(definition.freshness, table.freshness) }
        : {}),
      ...((table.external ?? definition.external) ? { external: table.external ?? definition.external } : {}),
      columns: columnsOf(table.columns),
      config: { ...definition.config, ...table.config },
    };
  });
}

/** A table's own `loaded_at_field` / `loaded_at_query` wins over both of its source's. */
function loadedAt(
  definition: SourceDefinition,
  table: SourceTable,
): { loadedAtField?: string; loadedAtQuery?: string } {
  if (table.loadedAtField) return { loadedAtField: table.loadedAtField };
  if (table.loadedAtQuery) return { loadedAtQuery: table.loadedAtQuery };
  if (definition.loadedAtField) return { loadedAtField: definition.loadedAtField };
  if (definition.loadedAtQuery) return { loadedAtQuery: definition.loadedAtQuery };
  return {};
}

/**
 * dbt's `merge_freshness`: a table inherits its source's rule key by key (`warn_after`,
 * `error_after`, `filter`), and `freshness: null` on the table turns checking off.
 */
function mergeFreshness(
  source: FreshnessRule | null | undefined,
  table: FreshnessRule | null | undefined,
): FreshnessRule | null | undefined {
  if (table === null) return null;
  if (table === undefined) return source;
  if (!source) return table;
  return { ...source, ...table };
}

export function columnsOf(columns: readonly ColumnProperties[]): Record<string, ColumnInfo> {
  const out: Record<string, ColumnInfo> = {};
  for (const column of columns) {
    out[column.name] = {
      name: column.name,
      description: column.description,
      ...(column.dataType ? { dataType: column.dataType } : {}),
      ...(column.constraints?.length ? { constraints: column.constraints } : {}),
      tags: column.tags,
      meta: column.meta,
    };
  }
  return out;
}

function folderOf(file: string): string[] {
  const parts = file.split('/');
  parts.pop();
  return parts.slice(1);
}
