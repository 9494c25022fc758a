import { LdpError } from '../errors/index.js';
import { STORABLE_NAME_RULE } from '../sql/index.js';

/**
 * The catalog's user errors. Codes LDP501–505 and LDP540–559 belong to the catalog; the rest
 * of the 5xx family belongs to src/iceberg.
 */
export const CatalogErrors = {
  newerSchema: (path: string, found: number, known: number) =>
    new LdpError({
      code: 'LDP501',
      message: `catalog ${path} has ldp schema version ${found}, newer than this ldp understands (${known})`,
      hint: 'Upgrade ldp, or point the target at another warehouse. ldp left the file untouched.',
    }),
  tableExists: (label: string, catalogName: string, kind: 'table' | 'view' = 'table') =>
    new LdpError({
      code: 'LDP502',
      message: `${kind} ${label} already exists in catalog '${catalogName}'`,
      hint:
        kind === 'table'
          ? 'Load the existing table, or drop it first.'
          : 'Drop the view first (a table and a view cannot share a name).',
    }),
  namespaceMissing: (namespace: string, catalogName: string) =>
    new LdpError({
      code: 'LDP503',
      message: `namespace ${namespace} does not exist in catalog '${catalogName}'`,
      hint: 'Create the namespace first, or check its spelling.',
    }),
  tableMissing: (label: string, catalogName: string, kind: 'table' | 'view' = 'table') =>
    new LdpError({
      code: 'LDP504',
      message: `${kind} ${label} does not exist in catalog '${catalogName}'`,
      hint: `List the ${kind}s of the namespace to check the name and the catalog name.`,
    }),
  namespaceNotEmpty: (namespace: string, members: readonly string[]) =>
    new LdpError({
      code: 'LDP505',
      message: `namespace ${namespace} is not empty: it holds ${members.join(', ')}`,
      hint: 'Drop or rename its tables and views first.',
    }),
  invalidName: (what: string, value: string, why: string) =>
    new LdpError({
      code: 'LDP540',
      message: `invalid ${what} '${value}': ${why}`,
      hint: `Namespace levels and table names follow one rule. ${STORABLE_NAME_RULE}`,
    }),
  namespaceExists: (namespace: string, catalogName: string) =>
    new LdpError({
      code: 'LDP541',
      message: `namespace ${namespace} already exists in catalog '${catalogName}'`,
      hint: 'Update its properties instead of creating it again.',
    }),
  metadataMissing: (label: string, location: string) =>
    new LdpError({
      code: 'LDP542',
      message: `cannot register table ${label}: its metadata file ${location} does not exist`,
      hint: 'Write the first metadata file before registering the table.',
    }),
  readOnly: (path: string) =>
    new LdpError({
      code: 'LDP545',
      message: `catalog ${path} is opened read-only`,
      hint: 'Open the catalog without readOnly to change it.',
    }),
  noLdpTables: (path: string, found: number, known: number) =>
    new LdpError({
      code: 'LDP545',
      message: `catalog ${path} has ldp schema version ${found}, this ldp needs ${known}, and it is opened read-only`,
      hint: 'Open it read-write once (any ldp command that writes) to create or migrate ldp’s tables.',
    }),
  locked: (path: string, holder: { owner: string; pid: number; host: string; acquiredAt: string }) =>
    new LdpError({
      code: 'LDP546',
      message: `warehouse of catalog ${path} is locked by '${holder.owner}' (pid ${holder.pid} on ${holder.host}, since ${holder.acquiredAt})`,
      hint: `Wait for that command to finish, or allow a longer wait. If it no longer runs on ${holder.host}, break the lock (SqliteCatalog.breakWarehouseLock).`,
    }),
  purgeOutsideWarehouse: (label: string, location: string, warehouse: string) =>
    new LdpError({
      code: 'LDP547',
      message: `refusing to purge table ${label}: its location ${location} is outside the warehouse ${warehouse}`,
      hint: 'Drop the table without purge and remove its files yourself.',
    }),
  damaged: (path: string, detail: string) =>
    new LdpError({
      code: 'LDP573',
      message: `catalog ${path} is damaged and cannot be read (${detail}); ldp changed nothing`,
      hint: 'Restore catalog.db from a backup. Without one, move it aside: ldp then starts a new catalog, and the table folders in the warehouse must be registered again or removed (ldp warns about them).',
    }),
  cannotOpen: (path: string, why: string, hint: string) =>
    new LdpError({ code: 'LDP548', message: `cannot open catalog ${path}: ${why}`, hint }),
  propertyConflict: (namespace: string, keys: readonly string[]) =>
    new LdpError({
      code: 'LDP549',
      message: `namespace ${namespace}: properties ${keys.join(', ')} are both updated and removed`,
      hint: 'Name each property in either the updates or the removals.',
    }),
  runMissing: (runId: string) =>
    new LdpError({
      code: 'LDP550',
      message: `run ${runId} was never started in this catalog`,
      hint: 'Record the run start before its results and its end.',
    }),
};
