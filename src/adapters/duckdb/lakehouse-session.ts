import type { DuckDBConnection } from '@duckdb/node-api';
import { LdpError } from '../../errors/index.js';
import { type IcebergTable, openTable } from '../../iceberg/index.js';
import type {
  IcebergCatalogPort,
  TableIdentifier,
  WarehouseCatalogPort,
} from '../../model/iceberg-catalog-port.js';
import type { Relation, SourceNode } from '../../model/node.js';
import { relationKey } from '../../model/warehouse-state.js';
import { quoteIdentifier, relationName } from '../../sql/index.js';
import { type AttachPlan, planWarehouseAttach, type WarehouseReads } from './attach/attach-plan.js';
import { catalogViews } from './attach/catalog-views.js';
import { createStoredViews } from './attach/create-stored-views.js';
import { namesIn } from './attach/names-in.js';
import {
  attachDatabase,
  attachDatabaseFile,
  hasRelation,
  inDatabase,
  missingSourceTable,
  type SessionDatabases,
} from './attached-databases.js';
import { checkSourceFiles } from './check-source-files.js';
import { DuckDbPool, type DuckDbPoolOptions } from './pool.js';
import { withoutTrailingSemicolons } from './trailing-semicolons.js';
import { unreadableTableError } from './unreadable-table.js';

/** Opens the catalog of an Iceberg source (read-only), e.g. one pyiceberg wrote. */
export type ForeignCatalogOpener = (
  catalogPath: string,
  catalogName: string | undefined,
) => IcebergCatalogPort;

export interface LakehouseSessionOptions extends DuckDbPoolOptions {
  readonly catalog: WarehouseCatalogPort;
  /** For sources that are tables of another Iceberg catalog. */
  readonly openForeignCatalog?: ForeignCatalogOpener;
  /** dbt-duckdb's `attach:` databases and `path:` file, readable by sources and models. */
  readonly databases?: SessionDatabases;
}

/**
 * DuckDB as a stateless engine over the lakehouse: each Iceberg table of the catalog a command
 * reads is a view over its current snapshot's files (read by field id), each stored `view` model
 * it reads is recreated from its SQL, and sources are views over their raw files. Nothing is
 * stored in DuckDB itself.
 */
export class LakehouseSession {
  /** Schemas created (or being created) in this session: concurrent steps share one CREATE. */
  private readonly schemas = new Map<string, Promise<void>>();
  /** Whether the profile's database file is attached (once a source reads it). */
  private databaseFile: Promise<boolean> | undefined;

  private constructor(
    readonly pool: DuckDbPool,
    readonly catalog: WarehouseCatalogPort,
    private readonly openForeignCatalog: ForeignCatalogOpener | undefined,
    private readonly databases: SessionDatabases,
  ) {}

  static async open(options: LakehouseSessionOptions): Promise<LakehouseSession> {
    const pool = await DuckDbPool.create(options);
    const databases = options.databases ?? { attachments: [] };
    try {
      // Attached databases belong to the instance: every connection of the pool reads them.
      if (databases.attachments.length > 0)
        await pool.withConnection(async (conn) => {
          for (const attachment of databases.attachments) await attachDatabase(conn, attachment);
        });
    } catch (error) {
      pool.close();
      throw error;
    }
    return new LakehouseSession(pool, options.catalog, options.openForeignCatalog, databases);
  }

  /** The tables and stored views the last `attachWarehouse` made queryable (views in creation order). */
  attached: AttachPlan = { tables: [], views: [] };

  /** Relation keys of `reads.unchanged` views created up front: their steps keep them. */
  private unchanged: ReadonlySet<string> = new Set();

  /** After `attachWarehouse(reads)`: what the session holds, for `attachNamedIn`. */
  private partial: PartialAttach | undefined;

  /**
   * Makes the tables and views of the warehouse queryable by their `"namespace"."name"`: those
   * `reads` names and what the stored views among them read, transitively (without `reads`,
   * all), each view once and after the views it reads. A table whose files cannot be read
   * (missing or damaged) is left out and returned with the reason, keyed by `relationKey`: only
   * what reads it fails, the rest of the command goes on.
   */
  async attachWarehouse(reads?: WarehouseReads): Promise<ReadonlyMap<string, LdpError>> {
    const tables = this.catalog.listAllTables().map((t) => t.identifier);
    const plan = planWarehouseAttach(
      tables,
      reads ? catalogViews(this.catalog) : this.catalog.listViews(),
      reads,
    );
    const { attached, unreadable } = await this.pool.withConnection((conn) => this.attachPlanned(conn, plan));
    this.attached = attached;
    const created = new Set(keysOf({ tables: [], views: attached.views }));
    this.unchanged = new Set([...(reads?.unchanged ?? [])].filter((key) => created.has(key)));
    this.partial = reads && {
      present: new Set([...(reads.written ?? []), ...keysOf(attached)]),
      looked: new Set(reads.names),
      queue: Promise.resolve(),
    };
    return unreadable;
  }

  /** Whether the view step of `relation` finds its view created up front, as stored (`reads.unchanged`). */
  holdsUnchangedView(relation: Relation): boolean {
    return this.unchanged.has(relationKey(tableIdOf(relation).namespace.join('.'), relation.identifier));
  }

  /**
   * After `attachWarehouse(reads)`, SQL known only as the command runs (the statements and the
   * final SQL of a node that reads the warehouse while it renders) may name tables and stored
   * views the session does not hold: they are attached now, on `conn`, with what they read. One
   * such attach at a time, and never a relation the command's own steps create or rebuild (their
   * steps show it): a step's commit is never overwritten by an older snapshot. An unreadable
   * table it names is its error.
   */
  attachNamedIn(conn: DuckDBConnection, sql: string): Promise<void> {
    const partial = this.partial;
    if (!partial) return Promise.resolve();
    const names = [...namesIn(sql)].filter((name) => !partial.looked.has(name));
    if (names.length === 0) return partial.queue;
    const attach = partial.queue.then(async () => {
      for (const name of names) partial.looked.add(name);
      const tables = this.catalog.listAllTables().map((t) => t.identifier);
      const reads = { names: new Set(names), present: partial.present };
      const plan = planWarehouseAttach(tables, catalogViews(this.catalog), reads);
      const { attached, unreadable } = await this.attachPlanned(conn, plan);
      for (const key of keysOf(attached)) partial.present.add(key);
      const [reason] = unreadable.values();
      if (reason) throw reason;
    });
    partial.queue = attach.catch(() => undefined);
    return attach;
  }

  /** Shows the plan's tables (each over its current snapshot) and creates its stored views. */
  private async attachPlanned(
    conn: DuckDBConnection,
    plan: AttachPlan,
  ): Promise<{ attached: AttachPlan; unreadable: Map<string, LdpError> }> {
    const unreadable = new Map<string, LdpError>();
    const shown: TableIdentifier[] = [];
    for (const identifier of plan.tables) {
      try {
        const table = openTable(this.catalog, identifier);
        if (!table) continue;
        await this.showTable(conn, table);
        shown.push(identifier);
      } catch (error) {
        const reason = unreadableTableError(identifier, error);
        if (!reason) throw error;
        unreadable.set(relationKey(identifier.namespace.join('.'), identifier.name), reason);
      }
    }
    const views = await createStoredViews(conn, plan.views, {
      relationOf,
      ensureSchema: (c, relation) => this.ensureSchema(c, relation),
    });
    return { attached: { tables: shown, views }, unreadable };
  }

  /** Makes `sources` queryable under their relation names; unreadable files fail here, clearly. */
  async attachSources(sources: readonly SourceNode[], projectRoot: string): Promise<void> {
    await this.pool.withConnection(async (conn) => {
      for (const source of sources) {
        const { relation } = await checkSourceFiles(source, projectRoot, conn);
        if (relation.kind === 'files')
          await this.createView(conn, source.relation, `SELECT * FROM ${relation.sql}`);
        else if (relation.kind === 'iceberg') {
          const catalog = this.foreignCatalog(source, relation.catalogPath, relation.catalogName);
          const id = { namespace: relation.namespace.split('.'), name: relation.table };
          const table = openTable(catalog, id);
          if (!table) throw missingForeignTable(source, relation.catalogPath, id);
          await this.createView(conn, source.relation, table.scan().sql);
        } else await this.attachDatabaseSource(conn, source);
      }
    });
  }

  /**
   * A source without files is a table of a DuckDB database: of an `attach:` alias it names as
   * its database (read in place), else of the warehouse, else of the profile's `path:` file
   * (a view reads it there, read-only). One the named database lacks is `LDP164`.
   */
  private async attachDatabaseSource(conn: DuckDBConnection, source: SourceNode): Promise<void> {
    const relation = source.relation;
    const database = relation.database?.toLowerCase();
    const attached = this.databases.attachments.find((a) => a.alias.toLowerCase() === database);
    if (attached) {
      if (!(await hasRelation(conn, attached.alias, relation)))
        throw missingSourceTable(source, attached.alias, attached.path);
      return;
    }
    const file = this.databases.databaseFile;
    if (!file || (database !== undefined && database !== file.alias.toLowerCase())) return;
    const id = tableIdOf({ schema: relation.schema, identifier: relation.identifier });
    if (database === undefined && (this.catalog.currentMetadataLocation(id) || this.catalog.loadView(id)))
      return;
    this.databaseFile ??= attachDatabaseFile(conn, file);
    if (!(await this.databaseFile) || !(await hasRelation(conn, file.alias, relation)))
      throw missingSourceTable(source, file.alias, file.path);
    if (database === undefined)
      await this.createView(conn, relation, `SELECT * FROM ${inDatabase(file.alias, relation)}`);
  }

  /**
   * Lets go of the profile's database file, so ldp can open it for writing (its views) in the
   * same process without this session reading it at the same time.
   */
  async detachDatabaseFile(): Promise<void> {
    const file = this.databases.databaseFile;
    if (!file || !(await this.databaseFile?.catch(() => false))) return;
    this.databaseFile = undefined;
    await this.pool.withConnection((conn) =>
      conn.run(`DETACH DATABASE IF EXISTS ${quoteIdentifier(file.alias)}`),
    );
  }

  /** Points the table's view at its current snapshot (after a commit, so dependents read it). */
  async showTable(conn: DuckDBConnection, table: IcebergTable): Promise<void> {
    await this.createView(conn, relationOf(table.id), table.scan().sql);
  }

  /** Creates or replaces a DuckDB view, creating its schema first. */
  async createView(conn: DuckDBConnection, relation: Relation, sql: string): Promise<void> {
    await this.ensureSchema(conn, relation);
    await conn.run(
      `CREATE OR REPLACE VIEW ${relationName(relation)} AS (\n${await withoutTrailingSemicolons(conn, sql)}\n)`,
    );
  }

  /** Removes a DuckDB view if it exists (a table or view that was dropped from the catalog). */
  async dropView(conn: DuckDBConnection, relation: Relation): Promise<void> {
    await conn.run(`DROP VIEW IF EXISTS ${relationName(relation)}`);
  }

  /** Creates the schemas of `relations` up front, one at a time (DuckDB refuses concurrent creates). */
  async ensureSchemas(relations: readonly Relation[]): Promise<void> {
    await this.pool.withConnection(async (conn) => {
      for (const relation of relations) await this.ensureSchema(conn, relation);
    });
  }

  /** Creates a relation's schema once per session (and its database, attached in memory). */
  ensureSchema(conn: DuckDBConnection, relation: Relation): Promise<void> {
    const key = `${relation.database ?? ''}.${relation.schema}`.toLowerCase();
    let created = this.schemas.get(key);
    if (!created) {
      created = this.createSchema(conn, relation);
      this.schemas.set(key, created);
      created.catch(() => this.schemas.delete(key));
    }
    return created;
  }

  private async createSchema(conn: DuckDBConnection, relation: Relation): Promise<void> {
    if (relation.database) {
      const db = quoteIdentifier(relation.database);
      const attached = await conn.runAndReadAll(
        `SELECT 1 FROM duckdb_databases() WHERE lower(database_name) = lower(${quoteLiteralText(relation.database)})`,
      );
      if (attached.currentRowCount === 0) await conn.run(`ATTACH ':memory:' AS ${db}`);
    }
    const schema = relation.database
      ? `${quoteIdentifier(relation.database)}.${quoteIdentifier(relation.schema)}`
      : quoteIdentifier(relation.schema);
    await conn.run(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
  }

  close(): void {
    this.pool.close();
  }

  private foreignCatalog(source: SourceNode, path: string, name: string | undefined): IcebergCatalogPort {
    if (!this.openForeignCatalog) {
      throw new LdpError({
        code: 'LDP413',
        message: `source '${source.sourceName}.${source.name}' is an Iceberg table, but this session cannot open other catalogs`,
        span: source.span,
      });
    }
    return this.openForeignCatalog(path, name);
  }
}

/** The DuckDB relation of a catalog table or view: namespace levels before the last are a database. */
export function relationOf(id: TableIdentifier): Relation {
  const namespace = id.namespace;
  if (namespace.length >= 2) {
    return { database: namespace.slice(0, -1).join('.'), schema: namespace.at(-1)!, identifier: id.name };
  }
  return { schema: namespace[0] ?? 'main', identifier: id.name };
}

/** The catalog identifier of a relation (inverse of `relationOf`). */
export function tableIdOf(relation: Relation): TableIdentifier {
  return {
    namespace: relation.database ? [relation.database, relation.schema] : [relation.schema],
    name: relation.identifier,
  };
}

/** Relations in the session, for `attachNamedIn`: what it holds and the names already attached. */
interface PartialAttach {
  readonly present: Set<string>;
  readonly looked: Set<string>;
  queue: Promise<void>;
}

function keysOf(plan: AttachPlan): string[] {
  return [...plan.tables, ...plan.views].map((id) => relationKey(id.namespace.join('.'), id.name));
}

function quoteLiteralText(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function missingForeignTable(source: SourceNode, catalogPath: string, id: TableIdentifier): LdpError {
  return new LdpError({
    code: 'LDP413',
    message: `source '${source.sourceName}.${source.name}': the Iceberg catalog ${catalogPath} has no table ${[...id.namespace, id.name].join('.')}`,
    span: source.span,
    hint: 'Check options.namespace and options.table (and catalog_name, if the catalog holds several).',
  });
}
