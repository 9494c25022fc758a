import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src/catalog/index.js';
import { LdpError, LdpErrors } from '../../../src/errors/index.js';
import { openTable } from '../../../src/iceberg/index.js';
import { execute, statuses } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

const ODD = `we"ird ' name`;

/** Rows of a table whose names hold quotes, read straight from its Iceberg files. */
async function rowsOf(root: string, namespace: string, name: string) {
  const catalog = openCatalog({ warehousePath: join(root, 'warehouse'), readOnly: true });
  const instance = await DuckDBInstance.create(':memory:');
  try {
    const table = openTable(catalog, { namespace: [namespace], name });
    if (!table) throw new Error(`no table ${namespace}.${name}`);
    const reader = await (await instance.connect()).runAndReadAll(table.scan().sql);
    return reader.getRowObjectsJson();
  } finally {
    instance.closeSync();
    catalog.close();
  }
}

function catalogRows(root: string): string[] {
  if (!existsSync(join(root, 'warehouse', 'catalog.db'))) return [];
  const catalog = openCatalog({ warehousePath: join(root, 'warehouse'), readOnly: true });
  try {
    return catalog
      .listAllTables()
      .map(({ identifier }) => `${identifier.namespace.join('.')}.${identifier.name}`);
  } finally {
    catalog.close();
  }
}

/** The user errors a command failed with. */
async function failureOf(promise: Promise<unknown>): Promise<LdpError[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LdpErrors) return [...error.errors];
    if (error instanceof LdpError) return [error];
    throw error;
  }
  throw new Error('the command did not fail');
}

describe('schema and alias names with quotes and spaces', () => {
  it('builds tables, a view and a seed named with ", \' and spaces, twice', async () => {
    const root = tempProject({
      'ldp_project.yml': `name: shop\nmodels:\n  shop:\n    +materialized: table\nseeds:\n  shop:\n    +schema: ${JSON.stringify(ODD)}\n`,
      'models/silver/odd.sql': `{{ config(alias=${JSON.stringify(ODD)}, schema=${JSON.stringify(ODD)}) }}\nselect 1 as id`,
      'models/silver/odd_view.sql': `{{ config(materialized='view', alias=${JSON.stringify(`${ODD} view`)}) }}\nselect 2 as id`,
      'models/silver/odd_incremental.sql': `{{ config(materialized='incremental', alias=${JSON.stringify(`${ODD} inc`)}) }}\nselect 3 as id`,
      'seeds/codes.csv': 'id\n4\n',
      'models/gold/together.sql':
        "select id from {{ ref('odd') }} union all select id from {{ ref('odd_view') }}\n" +
        "union all select id from {{ ref('odd_incremental') }} union all select id from {{ ref('codes') }}",
    });
    for (const round of [1, 2]) {
      const result = await execute('build', root);
      expect(statuses(result), `round ${round}`).toEqual({
        odd: 'success',
        odd_view: 'success',
        odd_incremental: 'success',
        codes: 'success',
        together: 'success',
      });
    }
    expect(await rowsOf(root, ODD, ODD)).toEqual([{ id: 1 }]);
    expect(await rowsOf(root, 'silver', `${ODD} inc`)).toEqual([{ id: 3 }, { id: 3 }]);
    const together = await rowsOf(root, 'gold', 'together');
    expect(together.map((row) => Number(row['id'])).sort()).toEqual([1, 2, 3, 3, 4]);
  });
});

describe('names the warehouse cannot hold', () => {
  it('refuses an alias with a path separator at its config call, before anything is written', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/silver/ok.sql': 'select 1 as id',
      'models/silver/nested.sql': "select 1 as id\n{{ config(materialized='table', alias='x/y') }}",
    });
    const errors = await failureOf(execute('run', root));
    expect(errors.map((e) => [e.code, e.span?.file, e.span?.line])).toEqual([
      ['LDP146', 'models/silver/nested.sql', 2],
    ]);
    expect(errors[0]!.message).toContain('path separator');
    expect(existsSync(join(root, 'warehouse', 'silver'))).toBe(false);
    expect(catalogRows(root)).toEqual([]);
  });

  it('refuses a dot in a folder schema of the project file, at its line', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    silver:\n      +schema: a.b\n',
      'models/silver/ok.sql': 'select 1 as id',
    });
    const errors = await failureOf(execute('run', root));
    expect(errors.map((e) => [e.code, e.span?.file, e.span?.line])).toEqual([
      ['LDP146', 'ldp_project.yml', 5],
    ]);
    expect(errors[0]!.message).toContain('dot');
    expect(catalogRows(root)).toEqual([]);
  });

  it('refuses a NUL in an alias of a properties file, at its line', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/gold/nul.sql': 'select 1 as id',
      'models/gold/props.yml': 'version: 2\nmodels:\n  - name: nul\n    config:\n      alias: "a\\0b"\n',
    });
    const errors = await failureOf(execute('run', root));
    expect(errors.map((e) => [e.code, e.span?.file, e.span?.line])).toEqual([
      ['LDP146', 'models/gold/props.yml', 5],
    ]);
    expect(errors[0]!.message).toContain('U+0000');
    expect(existsSync(join(root, 'warehouse', 'gold'))).toBe(false);
    expect(catalogRows(root)).toEqual([]);
  });

  it('refuses a table name that comes from a file name with a dot, at that file', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'models/silver/v1.0.sql': 'select 1 as id',
    });
    const errors = await failureOf(execute('run', root));
    expect(errors.map((e) => [e.code, e.span?.file])).toEqual([['LDP327', 'models/silver/v1.0.sql']]);
    expect(catalogRows(root)).toEqual([]);
  });
});
