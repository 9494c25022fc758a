{% macro cents_to_dollars(column) -%}
    ({{ column }} / 100)::decimal(16, 2)
{%- endmacro %}
