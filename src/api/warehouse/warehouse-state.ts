import { LdpError } from '../../errors/index.js';
import { duckTypeOf, type IcebergTable, openTable } from '../../iceberg/index.js';
import type { TableIdentifier, WarehouseCatalogPort } from '../../model/iceberg-catalog-port.js';
import { relationKey, type WarehouseRelation, type WarehouseState } from '../../model/warehouse-state.js';

/**
 * What the warehouse holds before a run (the planner is pure and only ever sees this value):
 * every table with its current snapshot and columns, every view. The names of all relations are
 * read now, in one cheap query each; a table's metadata file and a view's columns are read the
 * first time the relation is looked up, so a command that plans one model in a warehouse of
 * thousands reads what it plans, not everything. Call it where the state must be read (before
 * the run, under the warehouse lock): a relation looked up later is as the catalog then says.
 * A table whose metadata cannot be read is kept with the reason, so only the steps that need it
 * fail (a damaged table does not stop work on the others).
 */
export function readWarehouseState(catalog: WarehouseCatalogPort): WarehouseState {
  return { relations: new CatalogRelations(catalog) };
}

type Entry = { readonly kind: 'table' | 'view'; readonly id: TableIdentifier };

/** The relations of the catalog by `relationKey`, each read on first lookup. */
class CatalogRelations implements ReadonlyMap<string, WarehouseRelation> {
  private readonly ids = new Map<string, Entry>();
  private readonly read = new Map<string, WarehouseRelation | undefined>();

  constructor(private readonly catalog: WarehouseCatalogPort) {
    for (const { identifier } of catalog.listAllTables())
      this.ids.set(keyOf(identifier), { kind: 'table', id: identifier });
    // A view and a table of the same name cannot both exist; as before, the view is the answer.
    for (const id of catalog.listViewIds()) this.ids.set(keyOf(id), { kind: 'view', id });
  }

  get size(): number {
    return [...this.ids.keys()].filter((key) => this.get(key) !== undefined).length;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  get(key: string): WarehouseRelation | undefined {
    if (this.read.has(key)) return this.read.get(key);
    const entry = this.ids.get(key);
    const relation = entry && (entry.kind === 'table' ? this.table(entry.id) : this.view(entry.id));
    this.read.set(key, relation);
    return relation;
  }

  private *entriesOf(): Generator<[string, WarehouseRelation]> {
    for (const key of this.ids.keys()) {
      const relation = this.get(key);
      if (relation) yield [key, relation];
    }
  }

  entries(): MapIterator<[string, WarehouseRelation]> {
    return this.entriesOf() as MapIterator<[string, WarehouseRelation]>;
  }

  [Symbol.iterator](): MapIterator<[string, WarehouseRelation]> {
    return this.entriesOf() as MapIterator<[string, WarehouseRelation]>;
  }

  keys(): MapIterator<string> {
    return (function* (self) {
      for (const [key] of self.entriesOf()) yield key;
    })(this) as MapIterator<string>;
  }

  values(): MapIterator<WarehouseRelation> {
    return (function* (self) {
      for (const [, relation] of self.entriesOf()) yield relation;
    })(this) as MapIterator<WarehouseRelation>;
  }

  forEach(
    callback: (value: WarehouseRelation, key: string, map: ReadonlyMap<string, WarehouseRelation>) => void,
  ): void {
    for (const [key, relation] of this.entriesOf()) callback(relation, key, this);
  }

  private table(identifier: TableIdentifier): WarehouseRelation | undefined {
    const namespace = identifier.namespace.join('.');
    const opened = tryOpenTable(this.catalog, identifier);
    if (opened instanceof LdpError)
      return { kind: 'table', namespace, name: identifier.name, columns: [], unreadable: opened };
    if (!opened) return undefined;
    const owner = opened.metadata.properties['ldp.model'];
    return {
      kind: 'table',
      namespace,
      name: identifier.name,
      ...(opened.currentSnapshot ? { snapshotId: opened.currentSnapshot['snapshot-id'].toString() } : {}),
      columns: opened.schema.fields.map((f) => ({ name: f.name, type: duckTypeOf(f.type) })),
      ...(owner ? { ownerModel: owner } : {}),
    };
  }

  private view(id: TableIdentifier): WarehouseRelation | undefined {
    const view = this.catalog.loadView(id);
    if (!view) return undefined;
    return {
      kind: 'view',
      namespace: id.namespace.join('.'),
      name: view.name,
      columns: view.columns.map((c) => ({ name: c.name, type: c.type })),
      ...(view.uniqueId ? { ownerModel: view.uniqueId } : {}),
    };
  }
}

function keyOf(id: TableIdentifier): string {
  return relationKey(id.namespace.join('.'), id.name);
}

function tryOpenTable(
  catalog: WarehouseCatalogPort,
  id: TableIdentifier,
): IcebergTable | undefined | LdpError {
  try {
    return openTable(catalog, id);
  } catch (error) {
    if (error instanceof LdpError) return error;
    throw error;
  }
}
