import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { openCatalog, type SqliteCatalog } from '../../../src/catalog/index.js';
import {
  type RestCatalogServer,
  type RestCatalogServerOptions,
  serveRestCatalog,
} from '../../../src/servers/rest-catalog/index.js';
import { RestSpec, RestTestClient } from '../../support/rest-spec.js';
import { EngineClient } from './engine-client.js';

/** Compiled once per test file: Ajv compiles each response schema lazily and keeps it. */
export const SPEC = RestSpec.load();

export interface Served {
  readonly dir: string;
  readonly catalog: SqliteCatalog;
  readonly server: RestCatalogServer;
  readonly client: RestTestClient;
  readonly engine: EngineClient;
  readonly conn: DuckDBConnection;
  close(): Promise<void>;
}

/** A fresh warehouse served on a free loopback port, with a spec-checking client. */
export async function serveWarehouse(options: Partial<RestCatalogServerOptions> = {}): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'ldp-rest-'));
  const catalog = openCatalog({ warehousePath: dir });
  const server = await serveRestCatalog({ catalog, port: 0, ...options });
  const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  const client = new RestTestClient(SPEC, server.url, headers);
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  return {
    dir,
    catalog,
    server,
    client,
    conn,
    engine: new EngineClient(client, conn),
    close: async () => {
      await server.close();
      catalog.close();
      conn.closeSync();
    },
  };
}
