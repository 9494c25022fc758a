import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileInline } from '../../src/api/compile/compile-inline.js';
import { type ParsedProject, parse } from '../../src/api/index.js';
import { isolated, tempProject } from '../support/temp-project.js';

// Inputs and expected values are those of dbt's adapter test suite for these macros
// (dbt-tests-adapter `utils`), written as inline rows instead of seeds.

let parsed: ParsedProject;
let db: DuckDBInstance;
let conn: DuckDBConnection;

beforeAll(async () => {
  const root = tempProject({ 'ldp_project.yml': 'name: shop\n', 'models/a.sql': 'select 1 as n' });
  parsed = await parse(isolated(root));
  db = await DuckDBInstance.create(':memory:');
  conn = await db.connect();
});

afterAll(() => {
  conn.closeSync();
  db.closeSync();
});

/** Compiles `sql` as a model of the project would be, runs it, and returns its rows as JSON values. */
async function rows(sql: string, project: ParsedProject = parsed): Promise<Record<string, unknown>[]> {
  const compiled = compileInline(project, sql);
  return (await conn.runAndReadAll(compiled)).getRowObjectsJson() as Record<string, unknown>[];
}

/** Rows of `actual` and `expected` (compared as text, as dbt's assert_equal does). */
async function pairs(sql: string): Promise<{ actual: unknown; expected: unknown }[]> {
  const result = await rows(
    `select cast(actual as varchar) as actual, cast(expected as varchar) as expected from (${sql}) as checked`,
  );
  return result.map((row) => ({ actual: row['actual'], expected: row['expected'] }));
}

function expectPairsEqual(result: { actual: unknown; expected: unknown }[], nonNull: number): void {
  expect(result.map((row) => row.actual)).toEqual(result.map((row) => row.expected));
  expect(result.filter((row) => row.expected !== null)).toHaveLength(nonNull);
}

describe('dbt cross-database date macros on DuckDB', () => {
  it('dateadd adds hours, days, months and years; null stays null', async () => {
    const result = await pairs(`
      with data as (
        select cast(f as timestamp) as from_time, n as interval_length, p as datepart, cast(r as timestamp) as result
        from (values ('2018-01-01 01:00:00', 1, 'day', '2018-01-02 01:00:00'),
                     ('2018-01-01 01:00:00', 1, 'month', '2018-02-01 01:00:00'),
                     ('2018-01-01 01:00:00', 1, 'year', '2019-01-01 01:00:00'),
                     ('2018-01-01 01:00:00', 1, 'hour', '2018-01-01 02:00:00'),
                     (null, 1, 'day', null)) as t(f, n, p, r)
      )
      select case
          when datepart = 'hour' then cast({{ dateadd('hour', 'interval_length', 'from_time') }} as {{ type_timestamp() }})
          when datepart = 'day' then cast({{ dbt.dateadd('day', 'interval_length', 'from_time') }} as {{ type_timestamp() }})
          when datepart = 'month' then cast({{ dateadd(datepart='month', interval='interval_length', from_date_or_timestamp='from_time') }} as {{ type_timestamp() }})
          when datepart = 'year' then cast({{ dateadd("'year'", 'interval_length', 'from_time') }} as {{ type_timestamp() }})
        end as actual, result as expected
      from data`);
    expectPairsEqual(result, 4);
  });

  it('datediff counts the boundaries crossed, weeks starting on Monday', async () => {
    const literal = (part: string, to = '2000-01-01 00:00:00.000000') =>
      `union all select {{ datediff("'1999-12-31 23:59:59.999999'", "'${to}'", "${part}") }}, 1`;
    const result = await pairs(`
      with data as (
        select cast(a as timestamp) as first_date, cast(b as timestamp) as second_date, p as datepart, r as result
        from (values ('2018-01-01 01:00:00', '2018-01-02 01:00:00', 'day', 1),
                     ('2018-01-01 01:00:00', '2018-02-01 01:00:00', 'month', 1),
                     ('2018-01-01 01:00:00', '2019-01-01 01:00:00', 'year', 1),
                     ('2018-01-01 01:00:00', '2018-01-01 02:00:00', 'hour', 1),
                     ('2018-01-01 01:00:00', '2018-01-01 02:01:00', 'minute', 61),
                     ('2018-01-01 01:00:00', '2018-01-01 02:00:01', 'second', 3601),
                     ('2019-12-31 00:00:00', '2019-12-27 00:00:00', 'week', -1),
                     ('2019-12-31 00:00:00', '2019-12-30 00:00:00', 'week', 0),
                     ('2019-12-31 00:00:00', '2020-01-02 00:00:00', 'week', 0),
                     ('2019-12-31 00:00:00', '2020-01-06 02:00:00', 'week', 1),
                     (null, '2018-01-01 02:00:00', 'hour', null),
                     ('2018-01-01 02:00:00', null, 'hour', null)) as t(a, b, p, r)
      )
      select case
          when datepart = 'second' then {{ datediff('first_date', 'second_date', 'second') }}
          when datepart = 'minute' then {{ datediff('first_date', 'second_date', 'minute') }}
          when datepart = 'hour' then {{ datediff('first_date', 'second_date', 'hour') }}
          when datepart = 'day' then {{ datediff('first_date', 'second_date', 'day') }}
          when datepart = 'week' then {{ datediff('first_date', 'second_date', 'week') }}
          when datepart = 'month' then {{ datediff('first_date', 'second_date', 'month') }}
          when datepart = 'year' then {{ datediff('first_date', 'second_date', 'year') }}
        end as actual, result as expected
      from data
      ${['microsecond', 'millisecond', 'second', 'minute', 'hour', 'day', 'month', 'quarter', 'year'].map((part) => literal(part)).join('\n')}
      ${literal('week', '2000-01-03 00:00:00.000000')}`);
    expectPairsEqual(result, 20);
  });

  it('date_trunc and last_day (month, quarter, year) give the expected dates', async () => {
    const result = await pairs(`
      with data as (
        select cast(u as timestamp) as updated_at, cast(d as date) as date_day, cast(m as date) as month_start
        from (values ('2018-01-05 12:00:00', '2018-01-05', '2018-01-01'), (null, null, null)) as t(u, d, m)
      ), days as (
        select cast(d as date) as date_day, p as date_part, cast(r as date) as result
        from (values ('2018-01-02', 'month', '2018-01-31'), ('2018-01-02', 'quarter', '2018-03-31'),
                     ('2018-01-02', 'year', '2018-12-31'), (null, 'month', null)) as t(d, p, r)
      )
      select cast({{ date_trunc('day', 'updated_at') }} as date) as actual, date_day as expected from data
      union all
      select cast({{ dbt.date_trunc('month', 'updated_at') }} as date), month_start from data
      union all
      select case
          when date_part = 'month' then {{ last_day('date_day', 'month') }}
          when date_part = 'quarter' then {{ last_day('date_day', 'quarter') }}
          when date_part = 'year' then {{ dbt.last_day('date_day', 'year') }}
        end, result
      from days`);
    expectPairsEqual(result, 5);
  });

  it('current_timestamp is the time of the statement, with its time zone', async () => {
    const [row] = await rows(
      'select typeof({{ dbt.current_timestamp() }}) as type, {{ current_timestamp() }} = now() as same',
    );
    expect(row).toEqual({ type: 'TIMESTAMP WITH TIME ZONE', same: true });
  });

  it('date builds a date, and date_spine lists every day from the start up to (not including) the end', async () => {
    const [built] = await rows(
      'select cast({{ dbt.date(2023, 9, 7) }} as varchar) as d, cast({{ default__date(2024, 2, 29) }} as varchar) as portable',
    );
    expect(built).toEqual({ d: '2023-09-07', portable: '2024-02-29' });
    await expect(rows('select {{ default__date(2023, 2, 30) }}')).rejects.toThrow(/day is out of range/);
    const spine = await rows(`
      select cast(date_day as date)::varchar as day from ({{ dbt.date_spine('day', dbt.date(2023, 9, 7), date(2023, 9, 10)) }}) order by 1`);
    expect(spine.map((row) => row['day'])).toEqual(['2023-09-07', '2023-09-08', '2023-09-09']);
    const september = await rows(`
      select cast(date_day as date)::varchar as day from ({{ date_spine("day", "'2023-09-01'", "'2023-09-10'") }}) order by 1`);
    expect(september.map((row) => row['day'])).toEqual(
      ['01', '02', '03', '04', '05', '06', '07', '08', '09'].map((day) => `2023-09-${day}`),
    );
  });

  it('date_spine by month names its column date_month; the portable flavour gives the same rows', async () => {
    const sql = (macro: string) =>
      `select strftime(date_month, '%Y-%m') as month from ({{ ${macro}("month", "'2023-11-15'", "'2024-03-01'") }}) order by 1`;
    const months = ['2023-11', '2023-12', '2024-01', '2024-02'];
    expect((await rows(sql('date_spine'))).map((row) => row['month'])).toEqual(months);
    expect((await rows(sql('default__date_spine'))).map((row) => row['month'])).toEqual(months);
  });
});

describe('dbt cross-database type macros on DuckDB', () => {
  it('type_* name the DuckDB types dbt gives', async () => {
    const [row] = await rows(`select
      typeof(cast('abc' as {{ type_string() }})) as string,
      typeof(cast('2024-01-01' as {{ dbt.type_timestamp() }})) as ts,
      typeof(cast(1.5 as {{ type_float() }})) as float,
      typeof(cast('1.2345' as {{ type_numeric() }})) as numeric,
      typeof(cast(1 as {{ type_bigint() }})) as bigint,
      typeof(cast(1 as {{ type_int() }})) as int,
      typeof(cast(1 as {{ dbt.type_boolean() }})) as boolean`);
    expect(row).toEqual({
      string: 'VARCHAR',
      ts: 'TIMESTAMP',
      float: 'FLOAT',
      numeric: 'DECIMAL(28,6)',
      bigint: 'BIGINT',
      int: 'INTEGER',
      boolean: 'BOOLEAN',
    });
  });

  it('safe_cast gives null for text that is not of the type, and casts what is', async () => {
    const [row] = await rows(
      `select {{ safe_cast("'abc'", type_int()) }} as bad, {{ dbt.safe_cast("'12'", type_int()) }} as good`,
    );
    expect(row).toEqual({ bad: null, good: 12 });
    const result = await pairs(`
      select {{ safe_cast('field', type_string()) }} as actual, output as expected
      from (values ('abc', 'abc'), ('123', '123'), (null, null)) as t(field, output)`);
    expectPairsEqual(result, 2);
  });

  it('cast and cast_bool_to_text', async () => {
    const result = await pairs(`
      select {{ cast_bool_to_text('input') }} as actual, expected
      from (select 0 = 1 as input, 'false' as expected union all select 1 = 1, 'true' union all select null, null)
      union all select {{ dbt.cast("'123'", type_string()) }}, '123'`);
    expectPairsEqual(result, 3);
  });
});

describe('dbt cross-database string macros on DuckDB', () => {
  it('concat, hash (md5 of the text), length, position, replace, right', async () => {
    const result = await pairs(`
      select {{ concat(['a', 'b']) }} as actual, output as expected
        from (values ('a', 'b', 'ab'), ('a', '', 'a'), ('', 'b', 'b'), ('', '', '')) as t(a, b, output)
      union all select {{ hash('input_1') }}, output
        from (values ('ab', '187ef4436122d1cc2f40dc2b92f0eba0'), ('a', '0cc175b9c0f1b6a831c399e269772661'),
                     ('1', 'c4ca4238a0b923820dcc509a6f75849b'), ('', 'd41d8cd98f00b204e9800998ecf8427e')) as t(input_1, output)
      union all select {{ dbt.hash(1) }}, md5('1')
      union all select {{ length('expression') }}, output
        from (values ('abcdef', 6), ('fishtown', 8), ('december', 8), ('www.google.com/path', 19)) as t(expression, output)
      union all select {{ position('substring_text', 'string_text') }}, result
        from (values ('def', 'abcdef', 4), ('land', 'earth', 0), ('town', 'fishtown', 5), ('ember', 'december', 4)) as t(substring_text, string_text, result)
      union all select {{ replace('string_text', 'old_chars', 'new_chars') }}, result
        from (values ('a', 'a', 'b', 'b'), ('http://google.com', 'http://', '', 'google.com')) as t(string_text, old_chars, new_chars, result)
      union all select {{ right('string_text', 'length_expression') }}, output
        from (values ('abcdef', 3, 'def'), ('fishtown', 4, 'town'), ('december', 5, 'ember'), ('december', 0, '')) as t(string_text, length_expression, output)`);
    expectPairsEqual(result, 23);
  });

  it('split_part counts from 1, and from the end when negative', async () => {
    const result = await pairs(`
      with data as (
        select * from (values ('a|b|c', '|', 'a', 'b', 'c', 'c'), ('1|2|3', '|', '1', '2', '3', '3'),
                              (null, '|', null, null, null, null)) as t(parts, split_on, r1, r2, r3, r4)
      )
      select {{ split_part('parts', 'split_on', 1) }} as actual, r1 as expected from data
      union all select {{ split_part('parts', 'split_on', 2) }}, r2 from data
      union all select {{ dbt.split_part('parts', 'split_on', 3) }}, r3 from data
      union all select {{ split_part('parts', 'split_on', -1) }}, r4 from data`);
    expectPairsEqual(result, 8);
  });

  it('string_literal and escape_single_quotes', async () => {
    const result = await pairs(`
      select {{ string_literal("abc") }} as actual, 'abc' as expected
      union all select {{ string_literal("1") }}, '1'
      union all select {{ string_literal("") }}, ''
      union all select {{ string_literal(none) }}, 'None'
      union all select '{{ escape_single_quotes("they're") }}', 'they''re'
      union all select '{{ dbt.escape_single_quotes("they are") }}', 'they are'
      union all select {{ length(string_literal(escape_single_quotes("they're"))) }}, 7
      union all select {{ length(string_literal(escape_single_quotes("they are"))) }}, 8`);
    expectPairsEqual(result, 8);
  });

  it('listagg with order, limit, distinct and the default delimiter', async () => {
    const result = await pairs(`
      with data as (
        select * from (values (1, 'a', 1), (1, 'b', 2), (1, 'c', 3), (2, 'a', 2), (2, '1', 1), (2, 'p', 3),
                              (3, 'g', 1), (3, 'g', 2), (3, 'g', 3)) as t(group_col, string_text, order_col)
      ), expected as (
        select * from (values (1, 'a_|_b_|_c', 'bottom_ordered'), (2, '1_|_a_|_p', 'bottom_ordered'),
                              (3, 'g_|_g_|_g', 'bottom_ordered'), (1, 'a_|_b', 'bottom_ordered_limited'),
                              (2, '1_|_a', 'bottom_ordered_limited'), (3, 'g_|_g', 'bottom_ordered_limited'),
                              (3, 'g, g, g', 'comma_whitespace_unordered'), (3, 'g', 'distinct_comma'),
                              (3, 'g,g,g', 'no_params')) as t(group_col, expected, version)
      ), calculate as (
        select group_col, {{ listagg('string_text', "'_|_'", "order by order_col") }} as actual, 'bottom_ordered' as version
        from data group by group_col
        union all
        select group_col, {{ dbt.listagg('string_text', "'_|_'", "order by order_col", 2) }}, 'bottom_ordered_limited'
        from data group by group_col
        union all
        select group_col, {{ listagg('string_text', "', '") }}, 'comma_whitespace_unordered'
        from data where group_col = 3 group by group_col
        union all
        select group_col, {{ listagg('DISTINCT string_text', "','") }}, 'distinct_comma'
        from data where group_col = 3 group by group_col
        union all
        select group_col, {{ listagg('string_text') }}, 'no_params'
        from data where group_col = 3 group by group_col
      )
      select calculate.actual, expected.expected
      from calculate left join expected on calculate.group_col = expected.group_col and calculate.version = expected.version`);
    expectPairsEqual(result, 9);
  });
});

describe('dbt cross-database aggregates, arrays and sets on DuckDB', () => {
  it('any_value and bool_or per group', async () => {
    const result = await pairs(`
      select * from (
        select {{ any_value('static_col') }} || ':' || count(id) as actual, expected
        from (values (1, 'abc', 'dbt', 'dbt:2'), (2, 'abc', 'dbt', 'dbt:2'), (3, 'jkl', 'dbt', 'dbt:3'),
                     (4, 'jkl', 'dbt', 'dbt:3'), (5, 'jkl', 'dbt', 'dbt:3'), (6, 'xyz', 'test', 'test:1'))
          as t(id, key_name, static_col, expected)
        group by key_name, expected
        union all
        select cast({{ dbt.bool_or('val1 = val2') }} as varchar), expected
        from (values ('abc', 1, 1, 'true'), ('abc', 1, 0, 'true'), ('def', 1, 0, 'false'), ('hij', 1, 1, 'true'),
                     ('hij', 1, null, 'true'), ('klm', 1, 0, 'false'), ('klm', 1, null, 'false'))
          as t(key_column, val1, val2, expected)
        group by key_column, expected
      )`);
    expectPairsEqual(result, 7);
  });

  it('array_construct, array_append and array_concat, empty arrays included', async () => {
    const result = await pairs(`
      select {{ array_construct([1, 2, 3]) }} as actual, [1, 2, 3] as expected
      union all select {{ array_construct([]) }}, cast([] as integer[])
      union all select {{ array_append(array_construct([1, 2, 3]), 4) }}, [1, 2, 3, 4]
      union all select {{ dbt.array_append(array_construct([]), 4) }}, [4]
      union all select {{ array_concat(array_construct([1, 2, 3]), array_construct([4, 5, 6])) }}, [1, 2, 3, 4, 5, 6]
      union all select {{ array_concat(array_construct([]), array_construct([2])) }}, [2]
      union all select {{ dbt.array_concat(array_construct([3]), array_construct([])) }}, [3]`);
    expectPairsEqual(result, 7);
    const [empty] = await rows("select typeof({{ array_construct([], 'varchar') }}) as type");
    expect(empty).toEqual({ type: 'VARCHAR[]' });
  });

  it('except and intersect keep distinct rows', async () => {
    const a = 'select * from (values (1), (2), (3), (3)) as a(id)';
    const b = 'select * from (values (3), (4), (5)) as b(id)';
    const ids = async (sql: string) =>
      (await rows(`select id from (${sql}) order by id`)).map((row) => row['id']);
    expect(await ids(`${a} {{ except() }} ${b}`)).toEqual([1, 2]);
    expect(await ids(`${b} {{ dbt.except() }} ${a}`)).toEqual([4, 5]);
    expect(await ids(`${a} {{ except() }} ${a}`)).toEqual([]);
    expect(await ids(`${a} {{ intersect() }} ${b}`)).toEqual([3]);
    expect(await ids(`${a} {{ dbt.intersect() }} ${a}`)).toEqual([1, 2, 3]);
  });
});

describe('dbt number series on DuckDB', () => {
  it('get_powers_of_two gives the doublings needed to reach the bound', async () => {
    const bounds = [1, 4, 27, 256, 3125, 46656, 823543];
    const [row] = await rows(
      `select ${bounds.map((bound, i) => `{{ get_powers_of_two(${bound}) }} as p${i}`).join(', ')}`,
    );
    expect(Object.values(row!)).toEqual([1, 2, 5, 8, 12, 16, 20]);
  });

  it('generate_series gives 1 … n in a column generated_number; the portable flavour gives the same', async () => {
    const numbers = Array.from({ length: 10 }, (_, i) => i + 1);
    for (const macro of ['dbt.generate_series(10)', 'generate_series(10)', 'default__generate_series(10)']) {
      const result = await rows(
        `select cast(generated_number as integer) as n from ({{ ${macro} }}) order by n`,
      );
      expect(result.map((row) => row['n'])).toEqual(numbers);
    }
  });
});

describe('a project macro of the same name', () => {
  it("replaces the unqualified macro and dispatch's implementations, while dbt.<name> stays dbt's", async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: own\n',
      'models/a.sql': 'select 1 as n',
      'macros/overrides.sql': [
        "{% macro dateadd(datepart, interval, from_date_or_timestamp) %}'project dateadd'{% endmacro %}",
        "{% macro default__datediff(first_date, second_date, datepart) %}'project datediff'{% endmacro %}",
        "{% macro duckdb__hash(field) %}'project hash'{% endmacro %}",
      ].join('\n'),
    });
    const own = await parse(isolated(root));
    const [row] = await rows(
      `select {{ dateadd('day', 1, "date '2020-01-01'") }} as plain,
        cast({{ dbt.dateadd('day', 1, "date '2020-01-01'") }} as date)::varchar as qualified,
        {{ dbt.datediff("'2020-01-01'", "'2020-01-03'", 'day') }} as diff,
        {{ hash("'a'") }} as hashed`,
      own,
    );
    expect(row).toEqual({
      plain: 'project dateadd',
      qualified: '2020-01-02',
      diff: 'project datediff',
      hashed: 'project hash',
    });
  });
});
