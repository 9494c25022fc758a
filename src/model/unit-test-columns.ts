import type { FixtureColumn } from './unit-test.js';

/**
 * The columns a unit test's input fixture gets, as dbt decides them when the test runs: the
 * columns the upstream relation has in the warehouse now, in its order, each typed by its
 * declaration first (`data_type`, seed `column_types`), then the columns only declared. A
 * relation not built yet (`stored` empty) leaves the declared columns.
 */
export function fixtureColumns(
  stored: readonly { readonly name: string; readonly type: string }[],
  declared: readonly FixtureColumn[],
): readonly FixtureColumn[] {
  if (stored.length === 0) return declared;
  const byName = new Map(declared.map((column) => [column.name.toLowerCase(), column]));
  const merged = stored.map((column) => {
    const own = byName.get(column.name.toLowerCase());
    return { name: own?.name ?? column.name, type: own?.type ?? column.type };
  });
  const storedNames = new Set(stored.map((column) => column.name.toLowerCase()));
  return [...merged, ...declared.filter((column) => !storedNames.has(column.name.toLowerCase()))];
}
