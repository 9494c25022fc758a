import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ViewRecord } from '../../catalog/index.js';
import { LdpError } from '../../errors/index.js';
import { schemaFromDuckDb, toUri } from '../../iceberg/index.js';
import { paginate } from './pagination.js';
import { RestErrors } from './rest-errors.js';
import {
  json,
  label,
  namespaceParam,
  noContent,
  type Route,
  type RouteContext,
  tableParam,
} from './route.js';

/**
 * Views as ldp keeps them: `view` models, recorded in `ldp_views` with their DuckDB SQL and
 * columns and recreated in every session. They are listed, loaded (as Iceberg view metadata
 * built from that record, dialect `duckdb`) and dropped; creating or replacing them is the
 * job of `ldp run`, so those routes are not offered.
 */
export const VIEW_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: 'namespaces/{namespace}/views',
    write: false,
    handle: (context) => {
      const namespace = namespaceParam(context);
      if (!context.catalog.namespaceExists(namespace)) throw RestErrors.noSuchNamespace(namespace.join('.'));
      const views = context.catalog
        .listViews(namespace)
        .map((view) => ({ namespace: [...view.namespace], name: view.name }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const { page, next } = paginate(views, (view) => view.name, context.query);
      return json({ identifiers: page, 'next-page-token': next });
    },
  },
  {
    method: 'GET',
    path: 'namespaces/{namespace}/views/{view}',
    write: false,
    handle: (context) => {
      const view = requireView(context);
      const { location, metadata } = viewMetadata(context.catalog.path, context.catalog.warehousePath, view);
      return json({ 'metadata-location': location, metadata, config: {} });
    },
  },
  {
    method: 'HEAD',
    path: 'namespaces/{namespace}/views/{view}',
    write: false,
    handle: (context) => {
      requireView(context);
      return noContent;
    },
  },
  {
    method: 'DELETE',
    path: 'namespaces/{namespace}/views/{view}',
    write: true,
    handle: (context) => {
      requireView(context);
      context.catalog.dropView(tableParam(context, 'view'));
      return noContent;
    },
  },
];

function requireView(context: RouteContext): ViewRecord {
  const id = tableParam(context, 'view');
  const view = context.catalog.loadView(id);
  if (!view) throw RestErrors.noSuchView(label(id));
  return view;
}

/**
 * Iceberg view metadata (format-version 1) describing an ldp view. There is no metadata file:
 * the location names the view's row in the catalog file, and the uuid is derived from the
 * catalog file and the name, so it is stable across loads.
 */
function viewMetadata(catalogPath: string, warehousePath: string, view: ViewRecord) {
  const name = [...view.namespace, view.name].join('.');
  const timestamp = Date.parse(view.updatedAt);
  return {
    location: `${toUri(catalogPath)}#ldp_views/${name}`,
    metadata: {
      'view-uuid': stableUuid(`${catalogPath}\n${name}`),
      'format-version': 1,
      location: toUri(join(warehousePath, ...view.namespace, view.name)),
      'current-version-id': 1,
      versions: [
        {
          'version-id': 1,
          'timestamp-ms': timestamp,
          'schema-id': 0,
          summary: { 'engine-name': 'ldp' },
          representations: [{ type: 'sql', sql: view.sql, dialect: 'duckdb' }],
          'default-namespace': [...view.namespace],
        },
      ],
      'version-log': [{ 'version-id': 1, 'timestamp-ms': timestamp }],
      schemas: [{ ...viewSchema(view), 'schema-id': 0 }],
      properties: {},
    },
  };
}

/** The view's columns as an Iceberg schema; a column type Iceberg cannot hold leaves the schema empty. */
function viewSchema(view: ViewRecord) {
  try {
    return schemaFromDuckDb(view.columns, 0).schema;
  } catch (error) {
    if (error instanceof LdpError) return { type: 'struct' as const, fields: [] };
    throw error;
  }
}

function stableUuid(text: string): string {
  const hex = createHash('sha1').update(text).digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
