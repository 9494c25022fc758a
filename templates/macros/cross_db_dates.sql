{#- dbt's cross-database date macros, in the `dbt` namespace. Each public macro dispatches to
    `<adapter>__<name>`, else `default__<name>`; a project macro of either name replaces ours.
    BigQuery's flavours (`bigquery__*`) close the file. -#}

{% macro dateadd(datepart, interval, from_date_or_timestamp) -%}
  {{ return(adapter.dispatch('dateadd', 'dbt')(datepart, interval, from_date_or_timestamp)) }}
{%- endmacro %}

{% macro default__dateadd(datepart, interval, from_date_or_timestamp) -%}
  dateadd({{ datepart }}, {{ interval }}, {{ from_date_or_timestamp }})
{%- endmacro %}

{#- DuckDB has no dateadd(): a whole number of one-part intervals, so `interval` may be any
    integer expression (a column, `row_number() - 1`). -#}
{% macro duckdb__dateadd(datepart, interval, from_date_or_timestamp) -%}
  ({{ from_date_or_timestamp }} + cast({{ interval }} as bigint) * interval 1 {{ ldp_datepart(datepart) }})
{%- endmacro %}

{% macro datediff(first_date, second_date, datepart) -%}
  {{ return(adapter.dispatch('datediff', 'dbt')(first_date, second_date, datepart)) }}
{%- endmacro %}

{% macro default__datediff(first_date, second_date, datepart) -%}
  datediff({{ datepart }}, {{ first_date }}, {{ second_date }})
{%- endmacro %}

{#- date_diff counts the part boundaries crossed, as dbt's datediff does. Weeks are counted
    between the Mondays that start them, so a week boundary is crossed on Monday. -#}
{% macro duckdb__datediff(first_date, second_date, datepart) -%}
  {%- set part = ldp_datepart(datepart) -%}
  {%- if part == 'week' -%}
  (date_diff('day', date_trunc('week', cast({{ first_date }} as timestamp)), date_trunc('week', cast({{ second_date }} as timestamp))) // 7)
  {%- else -%}
  date_diff('{{ part }}', cast({{ first_date }} as timestamp), cast({{ second_date }} as timestamp))
  {%- endif -%}
{%- endmacro %}

{% macro date_trunc(datepart, date) -%}
  {{ return(adapter.dispatch('date_trunc', 'dbt')(datepart, date)) }}
{%- endmacro %}

{% macro default__date_trunc(datepart, date) -%}
  date_trunc('{{ ldp_datepart(datepart) }}', {{ date }})
{%- endmacro %}

{% macro last_day(date, datepart) -%}
  {{ return(adapter.dispatch('last_day', 'dbt')(date, datepart)) }}
{%- endmacro %}

{#- The day before the start of the next period, as a date. -#}
{% macro default__last_day(date, datepart) -%}
  cast({{ dbt.dateadd('day', '-1', dbt.dateadd(datepart, '1', dbt.date_trunc(datepart, date))) }} as date)
{%- endmacro %}

{% macro current_timestamp() -%}
  {{ return(adapter.dispatch('current_timestamp', 'dbt')()) }}
{%- endmacro %}

{#- SQL's current_timestamp; DuckDB gives the start of the transaction, with its time zone. -#}
{% macro default__current_timestamp() -%}
  current_timestamp
{%- endmacro %}

{% macro date(year, month, day) -%}
  {{ return(adapter.dispatch('date', 'dbt')(year, month, day)) }}
{%- endmacro %}

{#- A date literal; the arguments must be numbers (an impossible date fails at compile time). -#}
{% macro default__date(year, month, day) -%}
  cast('{{ modules.datetime.date(year, month, day).strftime("%Y-%m-%d") }}' as date)
{%- endmacro %}

{#- DuckDB builds the date in SQL, so the arguments may be column expressions too. -#}
{% macro duckdb__date(year, month, day) -%}
  make_date({{ year }}, {{ month }}, {{ day }})
{%- endmacro %}

{#- A date part as SQL wants it: callers write day, 'day' or DAY. -#}
{% macro ldp_datepart(datepart) -%}
  {{ return((datepart | string).strip().strip("'\"").lower()) }}
{%- endmacro %}

{#- BigQuery. Date arithmetic on DATETIME (a TIMESTAMP or DATE argument is cast), since
    timestamp_add and timestamp_diff stop at days while datetime_add/_diff take every part.
    Weeks start on Monday, as ldp's DuckDB flavour counts them. -#}
{% macro bigquery__dateadd(datepart, interval, from_date_or_timestamp) -%}
  datetime_add(cast({{ from_date_or_timestamp }} as datetime), interval {{ interval }} {{ ldp_datepart(datepart) }})
{%- endmacro %}

{% macro bigquery__datediff(first_date, second_date, datepart) -%}
  {%- set part = ldp_datepart(datepart) -%}
  datetime_diff(cast({{ second_date }} as datetime), cast({{ first_date }} as datetime), {{ 'week(monday)' if part == 'week' else part }})
{%- endmacro %}

{% macro bigquery__date_trunc(datepart, date) -%}
  {%- set part = ldp_datepart(datepart) -%}
  datetime_trunc(cast({{ date }} as datetime), {{ 'week(monday)' if part == 'week' else part }})
{%- endmacro %}

{% macro bigquery__last_day(date, datepart) -%}
  {%- set part = ldp_datepart(datepart) -%}
  last_day(cast({{ date }} as date), {{ 'week(monday)' if part == 'week' else part }})
{%- endmacro %}

{#- GoogleSQL's current_timestamp is a function; the parentheses are optional but usual. -#}
{% macro bigquery__current_timestamp() -%}
  current_timestamp()
{%- endmacro %}

{% macro bigquery__date(year, month, day) -%}
  date({{ year }}, {{ month }}, {{ day }})
{%- endmacro %}
