import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deps } from '../../../src/api/commands/deps.js';
import { runOperation } from '../../../src/api/index.js';
import { execute, statuses, tableRows } from '../../support/lakehouse.js';
import { isolated, tempProject } from '../../support/temp-project.js';

/** A package in the style of dbt-external-tables: a macro that walks graph.sources for `external`. */
const STAGING_PACKAGE = {
  'dbt_project.yml': 'name: staging_pkg\nconfig-version: 2\n',
  'macros/stage.sql': `
{% macro stage_sources() %}
  {% set staged = [] %}
  {% for node in graph.sources.values() if node.external %}
    {% do staged.append(node.name ~ '@' ~ node.external.location ~ '/' ~ helper()) %}
  {% endfor %}
  {{ return(staged) }}
{% endmacro %}
{% macro helper() %}{{ return('ok') }}{% endmacro %}
`,
};

describe("sources with dbt's external: property", () => {
  it('read the files at external.location, and an unqualified run-operation finds the package macro', async () => {
    const base = tempProject({});
    for (const [file, text] of Object.entries(STAGING_PACKAGE)) {
      mkdirSync(join(base, 'pkg', file, '..'), { recursive: true });
      writeFileSync(join(base, 'pkg', file), text);
    }
    const root = join(base, 'p');
    mkdirSync(join(root, 'csvs'), { recursive: true });
    mkdirSync(join(root, 'models'), { recursive: true });
    writeFileSync(join(root, 'dbt_project.yml'), 'name: shop\nconfig-version: 2\n');
    writeFileSync(join(root, 'packages.yml'), 'packages:\n  - local: ../pkg\n');
    writeFileSync(join(root, 'csvs/album.csv'), 'album_id,title\n1,Blue\n2,Red\n');
    writeFileSync(
      join(root, 'models/sources.yml'),
      'version: 2\nsources:\n  - name: csv\n    tables:\n      - name: album\n        external:\n          location: csvs/album.csv\n',
    );
    writeFileSync(
      join(root, 'models/albums.sql'),
      "{{ config(materialized='table') }}\nselect album_id::integer as album_id, title from {{ source('csv', 'album') }}",
    );
    await deps({ projectDir: root, env: {} });
    const staged = await runOperation({ ...isolated(root), macro: 'stage_sources' });
    expect(staged.returned).toEqual(['album@csvs/album.csv/ok']);
    const built = await execute('build', root);
    expect(statuses(built)).toEqual({ albums: 'success' });
    expect(await tableRows(root, 'main.albums', { orderBy: 'album_id' })).toEqual([
      { album_id: 1, title: 'Blue' },
      { album_id: 2, title: 'Red' },
    ]);
  });
});
