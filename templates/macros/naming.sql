{#- ldp's defaults: a model lives in the schema it names, else in its medallion layer,
    else in the target schema. A project macro with the same name replaces these. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is not none -%}
        {{ custom_schema_name | trim }}
    {%- elif node.layer -%}
        {{ node.layer }}
    {%- else -%}
        {{ target.schema }}
    {%- endif -%}
{%- endmacro %}

{% macro generate_alias_name(custom_alias_name, node) -%}
    {%- if custom_alias_name is not none -%}
        {{ custom_alias_name | trim }}
    {%- elif node.version -%}
        {{ node.name ~ '_v' ~ node.version }}
    {%- else -%}
        {{ node.name }}
    {%- endif -%}
{%- endmacro %}
