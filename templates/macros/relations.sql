{#- dbt's relation loaders: the relation as the warehouse has it now, or none. -#}
{% macro load_cached_relation(relation) -%}
    {{ return(adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier)) }}
{%- endmacro %}

{% macro load_relation(relation) -%}
    {{ return(load_cached_relation(relation)) }}
{%- endmacro %}
