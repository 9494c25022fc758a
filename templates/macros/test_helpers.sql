{#- dbt's helpers that generic test macros of packages call. -#}

{#- Whether the test being compiled keeps its failing rows (`store_failures` config). -#}
{% macro should_store_failures() -%}
  {{ return(config.get('store_failures') is true) }}
{%- endmacro %}
