{#- dbt's number series and date spine, in the `dbt` namespace. BigQuery's flavours
    (`bigquery__*`) close the file. -#}

{#- The smallest n with 2^n >= upper_bound: how many doublings reach it. -#}
{% macro get_powers_of_two(upper_bound) -%}
  {{ return(adapter.dispatch('get_powers_of_two', 'dbt')(upper_bound)) }}
{%- endmacro %}
{% macro default__get_powers_of_two(upper_bound) -%}
  {%- if upper_bound <= 0 -%}
    {{ exceptions.raise_compiler_error('get_powers_of_two: upper bound must be positive, got ' ~ upper_bound) }}
  {%- endif -%}
  {%- set state = namespace(power=1, reach=2) -%}
  {%- for _ in range(100) -%}
    {%- if state.reach < upper_bound -%}
      {%- set state.power = state.power + 1 -%}
      {%- set state.reach = state.reach * 2 -%}
    {%- endif -%}
  {%- endfor -%}
  {{ return(state.power) }}
{%- endmacro %}

{#- A query of one column, generated_number, with the rows 1 … upper_bound. -#}
{% macro generate_series(upper_bound) -%}
  {{ return(adapter.dispatch('generate_series', 'dbt')(upper_bound)) }}
{%- endmacro %}
{#- Portable SQL: every sum of distinct powers of two below 2^n, from a cross join of n
    two-row tables. -#}
{% macro default__generate_series(upper_bound) -%}
  {%- set n = dbt.get_powers_of_two(upper_bound) -%}
  with ldp_bit as (select 0 as generated_number union all select 1),
  ldp_numbers as (
    select {% for i in range(n) %}bit{{ i }}.generated_number * {{ 2 ** i }} + {% endfor %}1 as generated_number
    from {% for i in range(n) %}ldp_bit as bit{{ i }}{% if not loop.last %} cross join {% endif %}{% endfor %}
  )
  select generated_number from ldp_numbers where generated_number <= {{ upper_bound }} order by generated_number
{%- endmacro %}
{% macro duckdb__generate_series(upper_bound) -%}
  select generated_number from generate_series(1, {{ upper_bound }}) as ldp_series(generated_number)
{%- endmacro %}

{#- A query of one column, date_<datepart>: start_date, then every datepart after it, while
    before end_date (end excluded). Both bounds are SQL expressions. -#}
{% macro date_spine(datepart, start_date, end_date) -%}
  {{ return(adapter.dispatch('date_spine', 'dbt')(datepart, start_date, end_date)) }}
{%- endmacro %}
{#- Portable SQL: a recursive query, so the number of periods need not be known when compiling. -#}
{% macro default__date_spine(datepart, start_date, end_date) -%}
  {%- set column = 'date_' ~ ldp_datepart(datepart) -%}
  {%- set next = dbt.dateadd(datepart, 1, column) -%}
  with recursive ldp_spine({{ column }}) as (
    select cast({{ start_date }} as {{ dbt.type_timestamp() }})
    union all
    select {{ next }} from ldp_spine where {{ next }} < cast({{ end_date }} as {{ dbt.type_timestamp() }})
  )
  select {{ column }} from ldp_spine where {{ column }} < cast({{ end_date }} as {{ dbt.type_timestamp() }})
{%- endmacro %}
{% macro duckdb__date_spine(datepart, start_date, end_date) -%}
  {%- set part = ldp_datepart(datepart) -%}
  select date_{{ part }} from range(cast({{ start_date }} as timestamp), cast({{ end_date }} as timestamp), interval 1 {{ part }}) as ldp_spine(date_{{ part }})
{%- endmacro %}

{#- BigQuery: arrays made by the engine, unnested. -#}
{% macro bigquery__generate_series(upper_bound) -%}
  select generated_number from unnest(generate_array(1, {{ upper_bound }})) as generated_number
{%- endmacro %}

{#- generate_timestamp_array steps by at most a day; longer parts step over dates. -#}
{% macro bigquery__date_spine(datepart, start_date, end_date) -%}
  {%- set part = ldp_datepart(datepart) -%}
  {%- set column = 'date_' ~ part -%}
  {%- if part in ['microsecond', 'millisecond', 'second', 'minute', 'hour', 'day'] -%}
  select {{ column }} from unnest(generate_timestamp_array(cast({{ start_date }} as timestamp), cast({{ end_date }} as timestamp), interval 1 {{ part }})) as {{ column }}
  where {{ column }} < cast({{ end_date }} as timestamp)
  {%- else -%}
  select cast({{ column }} as timestamp) as {{ column }} from unnest(generate_date_array(cast({{ start_date }} as date), cast({{ end_date }} as date), interval 1 {{ part }})) as {{ column }}
  where {{ column }} < cast({{ end_date }} as date)
  {%- endif -%}
{%- endmacro %}
