import { describe, expect, it } from 'vitest';
import { parse } from '../../../src/api/index.js';
import { execute, hasTable, tableRows } from '../../support/lakehouse.js';
import { isolated, tempProject } from '../../support/temp-project.js';

// A common dbt pattern: seeds go to their own schema, decided from `node.resource_type`.
const NAMING_MACROS = `
{% macro generate_schema_name(custom_schema_name, node) -%}
  {%- if node.resource_type == 'seed' -%} raw_{{ node.package_name }}
  {%- elif custom_schema_name is not none -%} {{ custom_schema_name | trim }}
  {%- else -%} {{ node.fqn[1] }}
  {%- endif -%}
{%- endmacro %}

{% macro generate_alias_name(custom_alias_name, node) -%}
  {%- if node.config.get('owner') -%} {{ node.config.owner }}_{{ node.name }}
  {%- elif node.version -%} {{ node.name }}_version_{{ node.version }}
  {%- else -%} {{ node.name }}
  {%- endif -%}
{%- endmacro %}
`;

describe('the node passed to generate_schema_name and generate_alias_name', () => {
  it('has dbt attributes: a seed goes to the schema chosen from its resource_type', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'macros/naming.sql': NAMING_MACROS,
      'seeds/countries.csv': 'code,name\nfr,France\nde,Germany\n',
      'models/staging/stg_countries.sql':
        "{{ config(materialized='table') }} select code from {{ ref('countries') }}",
      'models/staging/owned.sql': "{{ config(owner='finance') }} select 1 as n",
    });
    const parsed = await parse(isolated(root));
    const relation = (id: string) => (parsed.manifest.nodes.get(id) as { relation: unknown }).relation;
    expect(relation('seed.shop.countries')).toEqual({ schema: 'raw_shop', identifier: 'countries' });
    expect(relation('model.shop.stg_countries')).toEqual({ schema: 'staging', identifier: 'stg_countries' });
    expect(relation('model.shop.owned')).toEqual({ schema: 'staging', identifier: 'finance_owned' });

    const built = await execute('build', root);
    expect(built.failed).toBe(false);
    expect(hasTable(root, 'raw_shop.countries')).toBe(true);
    expect(await tableRows(root, 'staging.stg_countries', { orderBy: 'code' })).toEqual([
      { code: 'de' },
      { code: 'fr' },
    ]);
  });

  it('generate_database_name gets the custom database and the node; a project override is honoured', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'macros/database.sql': [
        '{% macro generate_database_name(custom_database_name, node) -%}',
        "  {%- if node.resource_type == 'seed' -%} raw_{{ node.package_name }}",
        '  {%- elif custom_database_name is not none -%} {{ custom_database_name | trim }}_db',
        '  {%- else -%} {{ target.database }}',
        '  {%- endif -%}',
        '{%- endmacro %}',
      ].join('\n'),
      'seeds/countries.csv': 'code\nfr\n',
      'models/staging/plain.sql': 'select 1 as n',
      'models/staging/elsewhere.sql': "{{ config(database='archive') }} select 1 as n",
    });
    const parsed = await parse(isolated(root));
    const relation = (id: string) => (parsed.manifest.nodes.get(id) as { relation: unknown }).relation;
    expect(relation('seed.shop.countries')).toEqual({
      database: 'raw_shop',
      schema: 'main',
      identifier: 'countries',
    });
    // The target's own database is no database part, as without the override.
    expect(relation('model.shop.plain')).toEqual({ schema: 'main', identifier: 'plain' });
    expect(relation('model.shop.elsewhere')).toEqual({
      database: 'archive_db',
      schema: 'main',
      identifier: 'elsewhere',
    });
  });

  it('carries the version of a versioned model', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'macros/naming.sql': NAMING_MACROS,
      'models/orders_v2.sql': 'select 1 as id',
      'models/orders.yml': 'models:\n  - name: orders\n    latest_version: 2\n    versions:\n      - v: 2\n',
    });
    const parsed = await parse(isolated(root));
    const node = parsed.manifest.nodes.get('model.shop.orders.v2') as { relation: { identifier: string } };
    expect(node.relation.identifier).toBe('orders_version_2');
  });
});
