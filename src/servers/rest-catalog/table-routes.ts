import { readFileSync } from 'node:fs';
import type { SqliteCatalog } from '../../catalog/index.js';
import {
  commitTableChange,
  createTableFromUpdates,
  fromUri,
  parseMetadata,
  stageTableFromUpdates,
} from '../../iceberg/index.js';
import type { TableIdentifier } from '../../model/iceberg-catalog-port.js';
import { paginate } from './pagination.js';
import { RestError, RestErrors } from './rest-errors.js';
import {
  json,
  label,
  namespaceParam,
  noContent,
  type Route,
  type RouteContext,
  tableParam,
} from './route.js';
import { metadataFileReply, snapshotsMode, stagedMetadataReply } from './table-metadata-reply.js';
import { WireRequests } from './wire-schemas.js';

/** Tables: list, create (also staged), register, load, commit, rename, drop, exists. */
export const TABLE_ROUTES: readonly Route[] = [
  {
    method: 'GET',
    path: 'namespaces/{namespace}/tables',
    write: false,
    handle: (context) => {
      const tables = context.catalog.listTables(namespaceParam(context));
      const { page, next } = paginate(tables, (id) => id.name, context.query);
      return json({ identifiers: page, 'next-page-token': next });
    },
  },
  {
    method: 'POST',
    path: 'namespaces/{namespace}/tables',
    write: true,
    handle: async (context) => {
      const request = WireRequests.createTable(await context.body());
      const id = { namespace: namespaceParam(context), name: request.name };
      assertFreeName(context.catalog, id);
      if (request.stageCreate)
        return stagedMetadataReply(
          stageTableFromUpdates(context.catalog.warehousePath, id, request.updates, context.now()),
        );
      const created = createTableFromUpdates(context.catalog, id, request.updates, context.now);
      return metadataFileReply(context.responses, created.location);
    },
  },
  {
    method: 'POST',
    path: 'namespaces/{namespace}/register',
    write: true,
    handle: async (context) => {
      const request = WireRequests.registerTable(await context.body());
      const id = { namespace: namespaceParam(context), name: request.name };
      const location = request['metadata-location'];
      requireNamespace(context.catalog, id.namespace);
      assertReadableMetadata(location);
      const current = context.catalog.currentMetadataLocation(id);
      if (current !== undefined && request.overwrite) {
        if (!context.catalog.swapMetadataLocation(id, current, location))
          throw new RestError(
            409,
            'CommitFailedException',
            `table ${label(id)} changed while it was registered again`,
          );
      } else {
        context.catalog.registerTable(id, location);
      }
      return metadataFileReply(context.responses, location);
    },
  },
  {
    method: 'GET',
    path: 'namespaces/{namespace}/tables/{table}',
    write: false,
    handle: (context) => {
      const id = tableParam(context);
      const location = context.catalog.currentMetadataLocation(id);
      if (location === undefined) throw RestErrors.noSuchTable(label(id));
      const mode = snapshotsMode(context.query.get('snapshots'));
      const gzip = /\bgzip\b/.test(context.headers['accept-encoding'] ?? '');
      return metadataFileReply(context.responses, location, mode, context.headers['if-none-match'], gzip);
    },
  },
  {
    method: 'POST',
    path: 'namespaces/{namespace}/tables/{table}',
    write: true,
    handle: async (context) => {
      const id = tableParam(context);
      const change = WireRequests.commitTable(await context.body());
      if (change.requirements.some((r) => r.type === 'assert-create'))
        requireNamespace(context.catalog, id.namespace);
      else if (!context.catalog.tableExists(id)) throw RestErrors.noSuchTable(label(id));
      return metadataFileReply(
        context.responses,
        commitTableChange(context.catalog, id, change, context.now).location,
      );
    },
  },
  {
    method: 'DELETE',
    path: 'namespaces/{namespace}/tables/{table}',
    write: true,
    handle: (context) => {
      const purge = context.query.get('purgeRequested') === 'true';
      context.catalog.dropTable(tableParam(context), { purge });
      return noContent;
    },
  },
  {
    method: 'HEAD',
    path: 'namespaces/{namespace}/tables/{table}',
    write: false,
    handle: (context) => {
      const id = tableParam(context);
      if (!context.catalog.tableExists(id)) throw RestErrors.noSuchTable(label(id));
      return noContent;
    },
  },
  {
    method: 'POST',
    path: 'tables/rename',
    write: true,
    handle: async (context) => {
      const request = WireRequests.renameTable(await context.body());
      context.catalog.renameTable(request.source, request.destination);
      return noContent;
    },
  },
  {
    // Engines report scan and commit metrics here; ldp has no use for them and keeps none.
    method: 'POST',
    path: 'namespaces/{namespace}/tables/{table}/metrics',
    write: false,
    handle: async (context: RouteContext) => {
      await context.body();
      return noContent;
    },
  },
];

function requireNamespace(catalog: SqliteCatalog, namespace: readonly string[]): void {
  if (!catalog.namespaceExists(namespace)) throw RestErrors.noSuchNamespace(namespace.join('.'));
}

/** A new table needs an existing namespace and a name no table or view holds. */
function assertFreeName(catalog: SqliteCatalog, id: TableIdentifier): void {
  requireNamespace(catalog, id.namespace);
  if (catalog.tableExists(id) || catalog.loadView(id) !== undefined)
    throw new RestError(409, 'AlreadyExistsException', `table or view ${label(id)} already exists`);
}

function assertReadableMetadata(location: string): void {
  try {
    parseMetadata(readFileSync(fromUri(location), 'utf8'));
  } catch (error) {
    throw RestErrors.badRequest(
      `cannot register ${location}: not a readable Iceberg metadata file (${(error as Error).message})`,
    );
  }
}
