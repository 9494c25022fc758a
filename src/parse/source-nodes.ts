import type { ColumnInfo, SourceNode } from '../model/node.js';
import type { ColumnProperties, SourceDefinition } from '../model/properties.js';

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
      ...((table.loadedAtField ?? definition.loadedAtField)
        ? { loadedAtField: table.loadedAtField ?? definition.loadedAtField }
        : {}),
      ...(table.loadedAtQuery ? { loadedAtQuery: table.loadedAtQuery } : {}),
      ...(table.freshness !== undefined || definition.freshness !== undefined
        ? { freshness: table.freshness !== undefined ? table.freshness : definition.freshness }
        : {}),
      ...((table.external ?? definition.external) ? { external: table.external ?? definition.external } : {}),
      columns: columnsOf(table.columns),
      config: { ...definition.config, ...table.config },
    };
  });
}

export function columnsOf(columns: readonly ColumnProperties[]): Record<string, ColumnInfo> {
  const out: Record<string, ColumnInfo> = {};
  for (const column of columns) {
    out[column.name] = {
      name: column.name,
      description: column.description,
      ...(column.dataType ? { dataType: column.dataType } : {}),
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
