{#- dbt's portable type names and casts, in the `dbt` namespace. The names are what dbt's
    `api.Column.translate_type` gives (DuckDB reads text as VARCHAR, float as its 4-byte FLOAT,
    numeric(28,6) as DECIMAL(28,6)). BigQuery's flavours (`bigquery__*`) close the file. -#}

{% macro type_string() -%}
  {{ return(adapter.dispatch('type_string', 'dbt')()) }}
{%- endmacro %}
{% macro default__type_string() -%}
  {{ return('text') }}
{%- endmacro %}

{% macro type_timestamp() -%}
  {{ return(adapter.dispatch('type_timestamp', 'dbt')()) }}
{%- endmacro %}
{% macro default__type_timestamp() -%}
  {{ return('timestamp') }}
{%- endmacro %}

{% macro type_float() -%}
  {{ return(adapter.dispatch('type_float', 'dbt')()) }}
{%- endmacro %}
{% macro default__type_float() -%}
  {{ return('float') }}
{%- endmacro %}

{% macro type_numeric() -%}
  {{ return(adapter.dispatch('type_numeric', 'dbt')()) }}
{%- endmacro %}
{% macro default__type_numeric() -%}
  {{ return('numeric(28,6)') }}
{%- endmacro %}

{% macro type_bigint() -%}
  {{ return(adapter.dispatch('type_bigint', 'dbt')()) }}
{%- endmacro %}
{% macro default__type_bigint() -%}
  {{ return('bigint') }}
{%- endmacro %}

{% macro type_int() -%}
  {{ return(adapter.dispatch('type_int', 'dbt')()) }}
{%- endmacro %}
{% macro default__type_int() -%}
  {{ return('integer') }}
{%- endmacro %}

{% macro type_boolean() -%}
  {{ return(adapter.dispatch('type_boolean', 'dbt')()) }}
{%- endmacro %}
{% macro default__type_boolean() -%}
  {{ return('boolean') }}
{%- endmacro %}

{% macro cast(field, type) -%}
  {{ return(adapter.dispatch('cast', 'dbt')(field, type)) }}
{%- endmacro %}
{% macro default__cast(field, type) -%}
  cast({{ field }} as {{ type }})
{%- endmacro %}

{% macro safe_cast(field, type) -%}
  {{ return(adapter.dispatch('safe_cast', 'dbt')(field, type)) }}
{%- endmacro %}
{#- Most databases have no cast that gives null on bad input: a plain cast. -#}
{% macro default__safe_cast(field, type) -%}
  cast({{ field }} as {{ type }})
{%- endmacro %}
{% macro duckdb__safe_cast(field, type) -%}
  try_cast({{ field }} as {{ type }})
{%- endmacro %}

{% macro cast_bool_to_text(field) -%}
  {{ return(adapter.dispatch('cast_bool_to_text', 'dbt')(field)) }}
{%- endmacro %}
{% macro default__cast_bool_to_text(field) -%}
  cast({{ field }} as {{ dbt.type_string() }})
{%- endmacro %}

{#- BigQuery's type names (api.Column.translate_type of dbt-bigquery). -#}
{% macro bigquery__type_string() -%}
  {{ return('string') }}
{%- endmacro %}
{% macro bigquery__type_float() -%}
  {{ return('float64') }}
{%- endmacro %}
{% macro bigquery__type_numeric() -%}
  {{ return('numeric') }}
{%- endmacro %}
{% macro bigquery__type_bigint() -%}
  {{ return('int64') }}
{%- endmacro %}
{% macro bigquery__type_int() -%}
  {{ return('int64') }}
{%- endmacro %}
{% macro bigquery__type_boolean() -%}
  {{ return('bool') }}
{%- endmacro %}

{#- null instead of an error for a value that does not convert. -#}
{% macro bigquery__safe_cast(field, type) -%}
  safe_cast({{ field }} as {{ type }})
{%- endmacro %}
