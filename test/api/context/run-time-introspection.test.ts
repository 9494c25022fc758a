import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { execute, statuses, tableRows } from '../../support/lakehouse.js';
import { tempProject } from '../../support/temp-project.js';

// A dbt-utils style `star`: the columns of a relation, read from the warehouse as the node runs.
const MACROS = `
{% macro star_except(relation, except=[]) -%}
  {%- if not execute -%}{{ return('*') }}{%- endif -%}
  {%- set names = [] -%}
  {%- for column in adapter.get_columns_in_relation(relation) if column.name not in except -%}
    {%- do names.append(column.quoted) -%}
  {%- endfor -%}
  {{ return(names | join(', ')) }}
{%- endmacro %}

{% test has_columns(model, expected) %}
  {%- set found = adapter.get_columns_in_relation(model) | map(attribute='name') | list -%}
  select 1 as missing where {{ 'false' if found == expected else 'true' }}
{% endtest %}
`;

const PIVOT = `
{{ config(materialized='table') }}
{%- set payments = [] -%}
{%- if execute -%}
  {%- set result = run_query("select distinct payment from " ~ ref('trips') ~ " order by 1") -%}
  {%- set payments = result.columns[0].values() -%}
{%- endif %}
select
  {%- for p in payments %}
  sum(case when payment = '{{ p }}' then fare else 0 end) as {{ p }}_fare{{ ',' if not loop.last }}
  {%- endfor %}
from {{ ref('trips') }}
`;

describe('introspection while a node runs', () => {
  it('reads tables built earlier in the same run; the compiled file holds the rendered SQL', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'macros/star.sql': MACROS,
      'models/trips.sql':
        "select * from (values (1, 'card', 10.5, 'x'), (2, 'cash', 3.0, 'y'), (3, 'card', 7.5, 'z')) t(id, payment, fare, secret)",
      'models/pivot.sql': PIVOT,
      'models/trips_public.sql':
        "select {{ star_except(ref('trips'), except=['secret']) }} from {{ ref('trips') }}",
      'models/schema.yml': [
        'models:',
        '  - name: trips_public',
        '    data_tests:',
        '      - has_columns:',
        "          expected: ['id', 'payment', 'fare']",
        '',
      ].join('\n'),
    });
    const built = await execute('build', root);
    expect(statuses(built)).toMatchObject({
      trips: 'success',
      pivot: 'success',
      trips_public: 'success',
      has_columns_trips_public_id__payment__fare: 'pass',
    });
    expect(await tableRows(root, 'main.pivot')).toEqual([{ card_fare: '18.0', cash_fare: '3.0' }]);
    expect(Object.keys((await tableRows(root, 'main.trips_public'))[0]!)).toEqual(['id', 'payment', 'fare']);
    const compiled = readFileSync(join(root, 'target/compiled/shop/models/pivot.sql'), 'utf8');
    expect(compiled).toContain("sum(case when payment = 'cash' then fare else 0 end) as cash_fare");
  });
});

describe("dbt's context while a node runs", () => {
  it('model, graph, selected_resources, flags, dbt_version and invocation_id', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/base.sql': "{{ config(materialized='table', owner='ops') }} select 1 as id",
      'models/facts.sql': [
        "{{ config(materialized='table') }}",
        'select',
        '  \'{{ model.unique_id }}|{{ model.resource_type }}|{{ model.fqn | join(".") }}|{{ model.original_file_path }}\' as me,',
        '  \'{{ model.depends_on.nodes | join(",") }}|{{ model.refs[0].name }}|{{ model.config.materialized }}\' as deps,',
        '  \'{% if execute %}{{ graph.nodes["model.shop.base"].config.owner }}|{{ graph.nodes.values() | selectattr("resource_type", "equalto", "model") | list | length }}{% endif %}\' as graph,',
        '  \'{{ selected_resources | sort | join(",") }}|{{ flags.WHICH }}|{{ flags.FULL_REFRESH }}|{{ flags.PRINTER_WIDTH }}\' as run,',
        "  '{{ dbt_version }}|{{ invocation_id | length }}|{{ invocation_args_dict.copy().which }}|{{ dbt_metadata_envs | length }}' as versions",
        "from {{ ref('base') }}",
      ].join('\n'),
    });
    const built = await execute('run', root, { fullRefresh: true });
    expect(built.failed).toBe(false);
    expect(await tableRows(root, 'main.facts')).toEqual([
      {
        me: 'model.shop.facts|model|shop.facts|models/facts.sql',
        deps: 'model.shop.base|base|table',
        graph: 'ops|2',
        run: 'model.shop.base,model.shop.facts|run|True|80',
        versions: '1.10.0|36|run|0',
      },
    ]);
  });
});
