import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LAYERS = ['bronze', 'silver', 'gold'] as const;

export interface SyntheticOptions {
  /**
   * Every model with parents adds a surrogate key and a ratio: through `dbt_utils` macros when
   * `dbt_utils` is the path of an installable dbt-utils (listed in packages.yml), else as the
   * same SQL written out. Either way each model gets a third test (`expression_is_true` of
   * dbt_utils, or `accepted_values`), so the two projects differ only in the package's calls.
   */
  readonly dbtUtils?: string | false;
  readonly extraColumns?: boolean;
}

/**
 * Writes a project of `models` models: each has 2–4 refs to earlier models (so the graph is a
 * DAG that respects the medallion order), a `config()`, a macro call, a `{% for %}` loop, and
 * column tests in a properties file per layer.
 */
export function writeSyntheticProject(dir: string, models: number, options: SyntheticOptions = {}): void {
  mkdirSync(join(dir, 'macros'), { recursive: true });
  writeFileSync(
    join(dir, 'ldp_project.yml'),
    'name: synthetic\nversion: "1.0"\nmodels:\n  synthetic:\n    +materialized: view\n',
  );
  writeFileSync(
    join(dir, 'macros', 'money.sql'),
    '{% macro cents_to_dollars(column, scale=2) -%}\n  ({{ column }} / 100)::decimal(16, {{ scale }})\n{%- endmacro %}\n',
  );
  const properties = new Map<string, string[]>(LAYERS.map((layer) => [layer, ['version: 2', '', 'models:']]));
  for (const layer of LAYERS) mkdirSync(join(dir, 'models', layer), { recursive: true });
  for (let i = 0; i < models; i++) {
    const layer = layerOf(i, models);
    writeFileSync(join(dir, 'models', layer, `model_${i}.sql`), modelSql(i, options));
    properties
      .get(layer)!
      .push(
        `  - name: model_${i}`,
        `    description: Synthetic model ${i}`,
        '    columns:',
        '      - name: id',
        '        data_tests: [unique, not_null]',
        ...extraTests(options),
      );
  }
  if (options.dbtUtils)
    writeFileSync(join(dir, 'packages.yml'), `packages:\n  - local: ${options.dbtUtils}\n`);
  for (const [layer, lines] of properties)
    writeFileSync(join(dir, 'models', layer, 'schema.yml'), `${lines.join('\n')}\n`);
}

/** The medallion layer (and folder) of model `index` of `total`. */
export function layerOf(index: number, total: number): (typeof LAYERS)[number] {
  return LAYERS[Math.min(2, Math.floor((index * 3) / total))]!;
}

function extraTests(options: SyntheticOptions): string[] {
  if (options.dbtUtils)
    return [
      '    data_tests:',
      '      - dbt_utils.expression_is_true:',
      "          expression: 'amount_cents >= 0'",
    ];
  if (options.extraColumns) return ['      - name: amount_cents', '        data_tests: [not_null]'];
  return [];
}

/** A surrogate key and a ratio, through dbt_utils or written out as the SQL it gives. */
function extraColumns(options: SyntheticOptions): string {
  if (options.dbtUtils)
    return `  {{ dbt_utils.generate_surrogate_key(['p0.id', 'p0.amount_cents']) }} as row_key,
  {{ dbt_utils.safe_divide('p0.amount_cents', 'p0.id + 1') }} as ratio,
`;
  if (options.extraColumns)
    return `  md5(cast(coalesce(cast(p0.id as varchar), '_null_') || '-' || coalesce(cast(p0.amount_cents as varchar), '_null_') as varchar)) as row_key,
  ( p0.amount_cents ) / nullif( ( p0.id + 1 ), 0) as ratio,
`;
  return '';
}

function modelSql(i: number, options: SyntheticOptions = {}): string {
  const parents = parentsOf(i);
  const config = `{{ config(materialized='${i % 5 === 0 ? 'table' : 'view'}', tags=['group_${i % 7}']) }}`;
  if (parents.length === 0) {
    return `${config}\nselect range as id, range * 100 as amount_cents from range(10)\n`;
  }
  const ctes = parents.map((p, k) => `p${k} as (select * from {{ ref('model_${p}') }})`).join(',\n');
  const joins = parents
    .slice(1)
    .map((_, k) => `join p${k + 1} using (id)`)
    .join('\n');
  return `${config}
with ${ctes}
select
  p0.id,
${extraColumns(options)}  {{ cents_to_dollars('p0.amount_cents') }} as amount,
  {%- for col in ['a', 'b', 'c'] %}
  p0.amount_cents + {{ loop.index }} as {{ col }}_cents{% if not loop.last %},{% endif %}
  {%- endfor %}
, p0.amount_cents
from p0
${joins}
`;
}

/** 2–4 distinct earlier models, chosen deterministically; the first few models have none. */
function parentsOf(i: number): number[] {
  if (i < 4) return [];
  const count = 2 + (i % 3);
  const parents = new Set<number>();
  for (let k = 1; parents.size < count; k++) parents.add((i * 7919 + k * 104729) % i);
  return [...parents].sort((a, b) => a - b);
}
