{% macro minutes_between(start_column, end_column) -%}
    (epoch({{ end_column }}) - epoch({{ start_column }})) / 60.0
{%- endmacro %}

{% macro safe_divide(numerator, denominator) -%}
    ({{ numerator }}) / nullif({{ denominator }}, 0)
{%- endmacro %}
