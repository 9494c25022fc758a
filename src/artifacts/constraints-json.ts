import { createHash } from 'node:crypto';
import type { ColumnInfo, GraphNode } from '../model/node.js';
import type { ConstraintDefinition } from '../model/properties.js';
import { pythonStringRepr } from '../parse/python-repr.js';

/**
 * A constraint as dbt writes it (`ColumnLevelConstraint`; a model-level one adds `columns`), every
 * key present, so readers of dbt's artifacts find what they expect.
 */
export function constraintJson(
  constraint: ConstraintDefinition,
  level: 'column' | 'model',
): Record<string, unknown> {
  return {
    type: constraint.type,
    name: constraint.name ?? null,
    expression: constraint.expression ?? null,
    warn_unenforced: constraint.warnUnenforced ?? true,
    warn_unsupported: constraint.warnUnsupported ?? true,
    to: constraint.to ?? null,
    to_columns: [...(constraint.toColumns ?? [])],
    ...(level === 'model' ? { columns: [...constraint.columns] } : {}),
  };
}

/**
 * `contract` of a node as dbt writes it. The checksum of an enforced contract is dbt's: sha256 of
 * each column (sorted by name) as `|name`, its data type and its constraints as Python prints
 * them, then, for a table or incremental model, the materialization and the model's constraints.
 * A later `state:modified.contract` comparison by a dbt tool then sees the same value.
 */
export function contractJson(node: GraphNode): Record<string, unknown> {
  const config =
    'config' in node ? (node.config as { contract?: { enforced?: boolean; alias_types?: boolean } }) : {};
  const enforced = config.contract?.enforced === true;
  return {
    enforced,
    alias_types: config.contract?.alias_types ?? true,
    checksum: enforced && node.resourceType === 'model' ? contractChecksum(node) : null,
  };
}

function contractChecksum(node: Extract<GraphNode, { resourceType: 'model' }>): string {
  let state = '';
  const columns = Object.values(node.columns).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const column of columns) {
    state += `|${column.name}`;
    state += column.dataType ?? 'None';
    state += constraintsRepr(column.constraints ?? [], 'column');
  }
  const materialized = String(node.config.materialized);
  if (materialized === 'table' || materialized === 'incremental') {
    state += materialized;
    state += constraintsRepr(node.constraints ?? [], 'model');
  }
  return createHash('sha256').update(state, 'utf8').digest('hex');
}

/** Python's `str()` of a list of dbt's constraint dataclasses. */
function constraintsRepr(constraints: readonly ConstraintDefinition[], level: 'column' | 'model'): string {
  const items = constraints.map((c) => {
    const fields = [
      `type=<ConstraintType.${c.type}: ${pythonStringRepr(c.type)}>`,
      `name=${optional(c.name)}`,
      `expression=${optional(c.expression)}`,
      `warn_unenforced=${(c.warnUnenforced ?? true) ? 'True' : 'False'}`,
      `warn_unsupported=${(c.warnUnsupported ?? true) ? 'True' : 'False'}`,
      `to=${optional(c.to)}`,
      `to_columns=${listRepr(c.toColumns ?? [])}`,
      ...(level === 'model' ? [`columns=${listRepr(c.columns)}`] : []),
    ];
    return `${level === 'model' ? 'ModelLevelConstraint' : 'ColumnLevelConstraint'}(${fields.join(', ')})`;
  });
  return `[${items.join(', ')}]`;
}

function optional(text: string | undefined): string {
  return text === undefined ? 'None' : pythonStringRepr(text);
}

function listRepr(items: readonly string[]): string {
  return `[${items.map(pythonStringRepr).join(', ')}]`;
}

/** A column's constraints as dbt writes them. */
export function columnConstraintsJson(column: ColumnInfo): Record<string, unknown>[] {
  return (column.constraints ?? []).map((constraint) => constraintJson(constraint, 'column'));
}
