{#- ldp's defaults: a model lives in the schema it names, else in its medallion layer,
    else in the target schema. On BigQuery that schema is a dataset of its own, named after
    the target's as dbt does: <dataset>_<schema or layer>. A project macro with the same name
    replaces these (parsing uses their twin in src/parse/default-schema-name.ts). -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- set custom = (custom_schema_name | trim) if custom_schema_name is not none else node.layer -%}
    {%- if not custom -%}
        {{ target.schema }}
    {%- elif target.type == 'bigquery' -%}
        {{ target.schema }}_{{ custom }}
    {%- else -%}
        {{ custom }}
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
