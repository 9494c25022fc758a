import { CONSTRAINT_TYPES, type ConstraintDefinition } from '../../model/properties.js';
import type { EntryReader } from './entry-reader.js';

const CONSTRAINT_KEYS = [
  'type',
  'expression',
  'name',
  'columns',
  'to',
  'to_columns',
  'warn_unenforced',
  'warn_unsupported',
];

/** `constraints:` of a column: each applies to that column. */
export function readColumnConstraints(column: EntryReader, name: string): ConstraintDefinition[] {
  return column
    .children('constraints', `a constraint of column '${name}'`)
    .flatMap((entry) => readConstraint(entry, [name]) ?? []);
}

/** Model-level `constraints:`: each names its `columns:` (a `check` may name none). */
export function readModelConstraints(model: EntryReader, owner: string): ConstraintDefinition[] {
  return model.children('constraints', `a constraint of ${owner}`).flatMap((entry) => {
    const columns = entry.strings('columns');
    const constraint = readConstraint(entry, columns);
    if (!constraint) return [];
    if (columns.length === 0 && constraint.type !== 'check' && constraint.type !== 'custom') {
      entry.typeErrorAt(
        'type',
        `is '${constraint.type}', which needs the columns it applies to`,
        'Add columns: [<column>, …] to the constraint, or declare it under the column itself.',
      );
      return [];
    }
    return [constraint];
  });
}

/** Spreads `constraints` into an object only when there are some. */
export function withConstraints(constraints: readonly ConstraintDefinition[]) {
  return constraints.length > 0 ? { constraints } : {};
}

function readConstraint(entry: EntryReader, columns: readonly string[]): ConstraintDefinition | undefined {
  entry.checkKeys(CONSTRAINT_KEYS);
  const type = entry.oneOf('type', CONSTRAINT_TYPES, true);
  if (type === undefined) return undefined;
  const needsExpression = type === 'check' || type === 'custom';
  const expression = entry.string('expression', needsExpression);
  if (needsExpression && expression === undefined) return undefined;
  const name = entry.string('name');
  const to = entry.string('to');
  const toColumns = entry.strings('to_columns');
  const warnUnenforced = entry.boolean('warn_unenforced');
  const warnUnsupported = entry.boolean('warn_unsupported');
  return {
    type,
    columns,
    ...(expression !== undefined ? { expression } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(toColumns.length > 0 ? { toColumns } : {}),
    ...(warnUnenforced !== undefined ? { warnUnenforced } : {}),
    ...(warnUnsupported !== undefined ? { warnUnsupported } : {}),
    span: entry.spanOf('type'),
  };
}
