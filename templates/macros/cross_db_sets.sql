{#- dbt's cross-database aggregates, arrays and set operators, in the `dbt` namespace; DuckDB
    understands every default form (its lists are the arrays). BigQuery's flavours
    (`bigquery__*`) close the file. -#}

{% macro any_value(expression) -%}
  {{ return(adapter.dispatch('any_value', 'dbt')(expression)) }}
{%- endmacro %}
{% macro default__any_value(expression) -%}
  any_value({{ expression }})
{%- endmacro %}

{% macro bool_or(expression) -%}
  {{ return(adapter.dispatch('bool_or', 'dbt')(expression)) }}
{%- endmacro %}
{% macro default__bool_or(expression) -%}
  bool_or({{ expression }})
{%- endmacro %}

{#- `inputs` are SQL expressions; an empty array needs its element type. -#}
{% macro array_construct(inputs=[], data_type='integer') -%}
  {{ return(adapter.dispatch('array_construct', 'dbt')(inputs, data_type)) }}
{%- endmacro %}
{% macro default__array_construct(inputs, data_type) -%}
  {%- if inputs | length > 0 -%}
  array[{{ inputs | join(', ') }}]
  {%- else -%}
  cast(array[] as {{ data_type }}[])
  {%- endif -%}
{%- endmacro %}

{% macro array_append(array, new_element) -%}
  {{ return(adapter.dispatch('array_append', 'dbt')(array, new_element)) }}
{%- endmacro %}
{% macro default__array_append(array, new_element) -%}
  array_append({{ array }}, {{ new_element }})
{%- endmacro %}

{% macro array_concat(array_1, array_2) -%}
  {{ return(adapter.dispatch('array_concat', 'dbt')(array_1, array_2)) }}
{%- endmacro %}
{% macro default__array_concat(array_1, array_2) -%}
  array_cat({{ array_1 }}, {{ array_2 }})
{%- endmacro %}

{#- Set difference and intersection of distinct rows. -#}
{% macro except() -%}
  {{ return(adapter.dispatch('except', 'dbt')()) }}
{%- endmacro %}
{% macro default__except() -%}
  except
{%- endmacro %}

{% macro intersect() -%}
  {{ return(adapter.dispatch('intersect', 'dbt')()) }}
{%- endmacro %}
{% macro default__intersect() -%}
  intersect
{%- endmacro %}

{#- BigQuery: its own names for the aggregate and array functions; its set operators need
    DISTINCT (or ALL) spelled out. -#}
{% macro bigquery__bool_or(expression) -%}
  logical_or({{ expression }})
{%- endmacro %}

{% macro bigquery__array_construct(inputs, data_type) -%}
  {%- if inputs | length > 0 -%}
  [{{ inputs | join(', ') }}]
  {%- else -%}
  array<{{ data_type }}>[]
  {%- endif -%}
{%- endmacro %}

{% macro bigquery__array_append(array, new_element) -%}
  array_concat({{ array }}, [{{ new_element }}])
{%- endmacro %}

{% macro bigquery__array_concat(array_1, array_2) -%}
  array_concat({{ array_1 }}, {{ array_2 }})
{%- endmacro %}

{% macro bigquery__except() -%}
  except distinct
{%- endmacro %}

{% macro bigquery__intersect() -%}
  intersect distinct
{%- endmacro %}
