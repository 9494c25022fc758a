import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src/catalog/index.js';
import { execute, hasTable, statuses, tableRows } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

const ODD = `we"ird ' name`;

function viewNames(root: string): string[] {
  const catalog = openCatalog({ warehousePath: join(root, 'warehouse'), readOnly: true });
  try {
    return catalog.listViews().map((view) => `${view.namespace.join('.')}.${view.name}`);
  } finally {
    catalog.close();
  }
}

/**
 * A model that was a table and becomes a view: the table (catalog row and files) goes only once
 * the view works. A view that fails changes neither the catalog nor the warehouse.
 */
describe('a table model turned into a view', () => {
  it('keeps the table, its files and no view row when the view fails, then replaces it when it works', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: p\nmodels:\n  p:\n    +materialized: table\n',
      'models/t.sql': `{{ config(alias=${JSON.stringify(ODD)}) }}\nselect 1 as id`,
    });
    expect(statuses(await execute('run', root))).toEqual({ t: 'success' });
    const table = `main.${ODD}`;
    const folder = join(root, 'warehouse', 'main', ODD);

    // DESCRIBE binds this (it reads the table), but the view reads its own name: it cannot work.
    writeFileSync(
      join(root, 'models/t.sql'),
      `{{ config(materialized='view', alias=${JSON.stringify(ODD)}) }}\nselect id + 1 as id from {{ this }}`,
    );
    const failed = await execute('run', root);
    expect(statuses(failed)).toEqual({ t: 'error' });
    expect(hasTable(root, table)).toBe(true);
    expect(existsSync(folder)).toBe(true);
    expect(failed.results[0]?.message).toContain('recursive');
    expect(viewNames(root)).toEqual([]);
    expect(await tableRows(root, table, { columns: 'id' })).toEqual([{ id: 1 }]);

    writeFileSync(
      join(root, 'models/t.sql'),
      `{{ config(materialized='view', alias=${JSON.stringify(ODD)}) }}\nselect 5 as id`,
    );
    expect(statuses(await execute('run', root))).toEqual({ t: 'success' });
    expect(hasTable(root, table)).toBe(false);
    expect(existsSync(folder)).toBe(false);
    expect(viewNames(root)).toEqual([table]);
  });
});
