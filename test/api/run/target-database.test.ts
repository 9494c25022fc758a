import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execute, tableRows } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

/** A model that reports every name of the database a dbt-duckdb user can ask for. */
const PROBE = `{{ config(materialized='table') }}
{% set found = adapter.get_relation(database=target.database, schema=ref('a').schema, identifier='a') %}
{% set made = api.Relation.create(database=target.database, schema=ref('a').schema, identifier='a') %}
select '{{ target.database }}' as target_db, '{{ this.database }}' as this_db,
  '{{ ref("a").database }}' as ref_db, '{{ found.database }}' as found_db,
  current_database() as session_db,
  (select count(*)::int from {{ made }}) as read_through_created,
  (select count(*)::int from information_schema.tables
    where table_catalog = '{{ target.database }}' and table_schema = '{{ this.schema }}' and table_name = 'a') as listed`;

describe("the target's database, as a dbt-duckdb user sees it", () => {
  it('is memory without a path: target, this, ref, get_relation, information_schema and manifest.json agree', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/a.sql': 'select 1 as id',
      'models/probe.sql': PROBE,
    });
    const result = await execute('build', root);
    expect(result.results.every((r) => r.status === 'success')).toBe(true);
    const [row] = await tableRows(root, 'main.probe');
    expect(row).toEqual({
      target_db: 'memory',
      this_db: 'memory',
      ref_db: 'memory',
      found_db: 'memory',
      session_db: 'memory',
      read_through_created: 1,
      listed: 1,
    });
    const manifest = JSON.parse(readFileSync(join(root, 'target', 'manifest.json'), 'utf8'));
    expect(manifest.nodes['model.shop.a'].database).toBe('memory');
    expect(manifest.nodes['model.shop.a'].relation_name).toBe('"memory"."main"."a"');
  });

  it("is the stem of the profile's path:, and the project's relations still read the session's own", async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nprofile: shop\n',
      'profiles.yml':
        'shop:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: data/dev.duckdb\n',
      'data/.keep': '',
      'models/a.sql': 'select 1 as id',
      'models/probe.sql': `{{ config(materialized='table') }}
select '{{ target.database }}' as target_db, '{{ ref("a").database }}' as ref_db,
  '{{ ref("a").incorporate(type="table") }}' as copied,
  (select count(*)::int from {{ ref('a').incorporate(type='table') }}) as read_through_copy`,
    });
    const result = await execute('build', root, { profilesDir: root } as never);
    expect(result.results.map((r) => r.status)).toEqual(['success', 'success']);
    const [row] = await tableRows(root, 'main.probe');
    expect(row).toEqual({ target_db: 'dev', ref_db: 'dev', copied: '"main"."a"', read_through_copy: 1 });
    const manifest = JSON.parse(readFileSync(join(root, 'target', 'manifest.json'), 'utf8'));
    expect(manifest.nodes['model.shop.a'].database).toBe('dev');
  });
});
