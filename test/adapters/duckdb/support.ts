import type { SourceNode } from '../../../src/model/node.js';
import type { ExternalLocation } from '../../../src/model/properties.js';

/** A source table as the parse stage builds it, defined in models/sources.yml at line 12. */
export function sourceNode(
  external: ExternalLocation | undefined,
  extra: { name?: string; identifier?: string; meta?: Record<string, unknown>; schema?: string } = {},
): SourceNode {
  const name = extra.name ?? 'trips';
  const identifier = extra.identifier ?? name;
  return {
    resourceType: 'source',
    uniqueId: `source.demo.raw.${name}`,
    name,
    sourceName: 'raw',
    identifier,
    packageName: 'demo',
    originalFilePath: 'models/sources.yml',
    path: 'models/sources.yml',
    fqn: ['demo', 'raw', name],
    description: '',
    sourceDescription: '',
    tags: [],
    meta: extra.meta ?? {},
    span: { file: 'models/sources.yml', line: 12, col: 7 },
    relation: { schema: extra.schema ?? 'raw', identifier },
    ...(external ? { external } : {}),
    columns: {},
    config: {},
  };
}

/** ldp's `location:` form. */
export function at(
  location: string,
  format?: ExternalLocation['format'],
  options: Record<string, unknown> = {},
) {
  return { location, ...(format ? { format } : {}), options };
}
