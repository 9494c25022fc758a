import type { SourceNode } from './node.js';

/** `source_name.table_name`: how dbt names a source table in its output and its selectors. */
export function sourceTableName(source: Pick<SourceNode, 'sourceName' | 'name'>): string {
  return `${source.sourceName}.${source.name}`;
}
