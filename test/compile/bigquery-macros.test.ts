import { beforeAll, describe, expect, it } from 'vitest';
import { compileInline } from '../../src/api/compile/compile-inline.js';
import { type ParsedProject, parse } from '../../src/api/index.js';
import { isolated, tempProject } from '../support/temp-project.js';

// Expected forms follow GoogleSQL's function reference (datetime_add/_diff/_trunc, last_day,
// generate_array, string_agg, logical_or, safe_offset, strpos, safe_cast) and the type names of
// dbt-bigquery's translate_type.

let parsed: ParsedProject;

beforeAll(async () => {
  const root = tempProject({
    'ldp_project.yml': 'name: shop\nprofile: shop\n',
    'profiles.yml':
      'shop:\n  target: prod\n  outputs:\n    prod:\n      type: bigquery\n      project: p\n      dataset: d\n',
    'models/a.sql': 'select 1 as n',
  });
  parsed = await parse(isolated(root));
});

const render = (sql: string) => compileInline(parsed, sql);

describe("dbt's cross-database macros on BigQuery", () => {
  it.each([
    [
      "{{ dbt.dateadd('month', 1, 'created_at') }}",
      'datetime_add(cast(created_at as datetime), interval 1 month)',
    ],
    ["{{ dbt.datediff('a', 'b', 'day') }}", 'datetime_diff(cast(b as datetime), cast(a as datetime), day)'],
    [
      "{{ dbt.datediff('a', 'b', 'week') }}",
      'datetime_diff(cast(b as datetime), cast(a as datetime), week(monday))',
    ],
    ["{{ dbt.date_trunc('month', 'ts') }}", 'datetime_trunc(cast(ts as datetime), month)'],
    ["{{ dbt.last_day('d', 'quarter') }}", 'last_day(cast(d as date), quarter)'],
    ['{{ dbt.current_timestamp() }}', 'current_timestamp()'],
    ['{{ dbt.date(2024, 2, 29) }}', 'date(2024, 2, 29)'],
    ["{{ dbt.concat(['a', \"'-'\", 'b']) }}", "concat(a, '-', b)"],
    ["{{ dbt.hash('id') }}", 'to_hex(md5(cast(id as string)))'],
    ["{{ dbt.split_part('s', \"','\", 2) }}", "split(s, ',')[safe_offset(1)]"],
    ["{{ dbt.split_part('s', \"','\", -1) }}", "split(s, ',')[safe_offset(array_length(split(s, ',')) -1)]"],
    ["'{{ dbt.escape_single_quotes(\"it's \\\\ here\") }}'", "'it\\'s \\\\ here'"],
    ["{{ dbt.position(\"'a'\", 's') }}", "strpos(s, 'a')"],
    [
      "{{ dbt.listagg('name', \"', '\", 'order by name', 3) }}",
      "string_agg(name, ', ' order by name limit 3)",
    ],
    ["{{ dbt.bool_or('flag') }}", 'logical_or(flag)'],
    ["{{ dbt.array_construct(['1', '2']) }}", '[1, 2]'],
    ['{{ dbt.array_construct([]) }}', 'array<integer>[]'],
    ["{{ dbt.array_append('xs', '3') }}", 'array_concat(xs, [3])'],
    ["{{ dbt.array_concat('xs', 'ys') }}", 'array_concat(xs, ys)'],
    ['a {{ dbt.except() }} b {{ dbt.intersect() }} c', 'a except distinct b intersect distinct c'],
    [
      '{{ dbt.type_string() }} {{ dbt.type_int() }} {{ dbt.type_bigint() }} {{ dbt.type_float() }} {{ dbt.type_numeric() }} {{ dbt.type_boolean() }} {{ dbt.type_timestamp() }}',
      'string int64 int64 float64 numeric bool timestamp',
    ],
    ["{{ dbt.safe_cast('x', dbt.type_int()) }}", 'safe_cast(x as int64)'],
    [
      '{{ dbt.generate_series(5) }}',
      'select generated_number from unnest(generate_array(1, 5)) as generated_number',
    ],
  ])('%s', (template, expected) => {
    expect(render(template)).toBe(expected);
  });

  it('date_spine steps by days with timestamps and by months with dates', () => {
    expect(render("{{ dbt.date_spine('day', \"'2024-01-01'\", \"'2024-02-01'\") }}")).toBe(
      "select date_day from unnest(generate_timestamp_array(cast('2024-01-01' as timestamp), cast('2024-02-01' as timestamp), interval 1 day)) as date_day\n  where date_day < cast('2024-02-01' as timestamp)",
    );
    expect(render("{{ dbt.date_spine('month', \"'2024-01-01'\", \"'2025-01-01'\") }}")).toBe(
      "select cast(date_month as timestamp) as date_month from unnest(generate_date_array(cast('2024-01-01' as date), cast('2025-01-01' as date), interval 1 month)) as date_month\n  where date_month < cast('2025-01-01' as date)",
    );
  });
});
