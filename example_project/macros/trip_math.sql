{#- Each macro has a DuckDB (default) and a BigQuery flavour, picked by the target's type
    (adapter.dispatch), so the models compile unchanged for `--target dev` and `--target prod`. -#}

{% macro minutes_between(start_column, end_column) -%}
    {{ return(adapter.dispatch('minutes_between')(start_column, end_column)) }}
{%- endmacro %}

{% macro default__minutes_between(start_column, end_column) -%}
    (epoch({{ end_column }}) - epoch({{ start_column }})) / 60.0
{%- endmacro %}

{#- The TLC times are local wall-clock times: DATETIME on BigQuery. -#}
{% macro bigquery__minutes_between(start_column, end_column) -%}
    datetime_diff(cast({{ end_column }} as datetime), cast({{ start_column }} as datetime), second) / 60.0
{%- endmacro %}

{% macro safe_divide(numerator, denominator) -%}
    ({{ numerator }}) / nullif({{ denominator }}, 0)
{%- endmacro %}

{#- One text key from several columns; NULLs are skipped, as concat_ws does. -#}
{% macro row_key(columns) -%}
    {{ return(adapter.dispatch('row_key')(columns)) }}
{%- endmacro %}

{% macro default__row_key(columns) -%}
    md5(concat_ws('|', {{ columns | join(', ') }}))
{%- endmacro %}

{% macro bigquery__row_key(columns) -%}
    to_hex(md5(array_to_string([{% for column in columns %}cast({{ column }} as string){% if not loop.last %}, {% endif %}{% endfor %}], '|')))
{%- endmacro %}

{#- The `yyyy-mm` of a TLC file name such as yellow_tripdata_2023-01.parquet. -#}
{% macro file_month(file_name_column) -%}
    {{ return(adapter.dispatch('file_month')(file_name_column)) }}
{%- endmacro %}

{% macro default__file_month(file_name_column) -%}
    regexp_extract({{ file_name_column }}, 'yellow_tripdata_(\d{4}-\d{2})', 1)
{%- endmacro %}

{#- A raw string: in a GoogleSQL string literal `\d` is not a valid escape. -#}
{% macro bigquery__file_month(file_name_column) -%}
    regexp_extract({{ file_name_column }}, r'yellow_tripdata_(\d{4}-\d{2})')
{%- endmacro %}
