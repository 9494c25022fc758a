{#- dbt's cross-database string macros, in the `dbt` namespace. DuckDB understands the
    standard forms, except listagg. BigQuery's flavours (`bigquery__*`) close the file; its
    right() and length() are the standard ones. -#}

{% macro concat(fields) -%}
  {{ return(adapter.dispatch('concat', 'dbt')(fields)) }}
{%- endmacro %}
{% macro default__concat(fields) -%}
  {{ fields | join(' || ') }}
{%- endmacro %}

{#- md5 of the text form, as lower-case hex. -#}
{% macro hash(field) -%}
  {{ return(adapter.dispatch('hash', 'dbt')(field)) }}
{%- endmacro %}
{% macro default__hash(field) -%}
  md5(cast({{ field }} as {{ dbt.type_string() }}))
{%- endmacro %}

{#- 1-based part; a negative number counts from the end (DuckDB's split_part does both). -#}
{% macro split_part(string_text, delimiter_text, part_number) -%}
  {{ return(adapter.dispatch('split_part', 'dbt')(string_text, delimiter_text, part_number)) }}
{%- endmacro %}
{% macro default__split_part(string_text, delimiter_text, part_number) -%}
  split_part({{ string_text }}, {{ delimiter_text }}, {{ part_number }})
{%- endmacro %}

{% macro string_literal(value) -%}
  {{ return(adapter.dispatch('string_literal', 'dbt')(value)) }}
{%- endmacro %}
{% macro default__string_literal(value) -%}
  '{{ value }}'
{%- endmacro %}

{% macro escape_single_quotes(expression) -%}
  {{ return(adapter.dispatch('escape_single_quotes', 'dbt')(expression)) }}
{%- endmacro %}
{% macro default__escape_single_quotes(expression) -%}
  {{ expression | replace("'", "''") }}
{%- endmacro %}

{% macro replace(field, old_chars, new_chars) -%}
  {{ return(adapter.dispatch('replace', 'dbt')(field, old_chars, new_chars)) }}
{%- endmacro %}
{% macro default__replace(field, old_chars, new_chars) -%}
  replace({{ field }}, {{ old_chars }}, {{ new_chars }})
{%- endmacro %}

{% macro right(string_text, length_expression) -%}
  {{ return(adapter.dispatch('right', 'dbt')(string_text, length_expression)) }}
{%- endmacro %}
{% macro default__right(string_text, length_expression) -%}
  right({{ string_text }}, {{ length_expression }})
{%- endmacro %}

{% macro length(expression) -%}
  {{ return(adapter.dispatch('length', 'dbt')(expression)) }}
{%- endmacro %}
{% macro default__length(expression) -%}
  length({{ expression }})
{%- endmacro %}

{% macro position(substring_text, string_text) -%}
  {{ return(adapter.dispatch('position', 'dbt')(substring_text, string_text)) }}
{%- endmacro %}
{% macro default__position(substring_text, string_text) -%}
  position({{ substring_text }} in {{ string_text }})
{%- endmacro %}

{#- `measure` may start with DISTINCT; `order_by_clause` is a whole `order by …`; `limit_num`
    keeps the first values in that order. -#}
{% macro listagg(measure, delimiter_text="','", order_by_clause=none, limit_num=none) -%}
  {{ return(adapter.dispatch('listagg', 'dbt')(measure, delimiter_text, order_by_clause, limit_num)) }}
{%- endmacro %}
{% macro default__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
  {%- if limit_num -%}
  array_to_string(array_slice(array_agg({{ measure }}){% if order_by_clause %} within group ({{ order_by_clause }}){% endif %}, 0, {{ limit_num }}), {{ delimiter_text }})
  {%- else -%}
  listagg({{ measure }}, {{ delimiter_text }}){% if order_by_clause %} within group ({{ order_by_clause }}){% endif %}
  {%- endif -%}
{%- endmacro %}
{#- DuckDB orders inside the aggregate's parentheses and slices lists 1-based, inclusive. -#}
{% macro duckdb__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
  {%- if limit_num -%}
  array_to_string((array_agg({{ measure }}{% if order_by_clause %} {{ order_by_clause }}{% endif %}))[1:{{ limit_num }}], {{ delimiter_text }})
  {%- else -%}
  string_agg({{ measure }}, {{ delimiter_text }}{% if order_by_clause %} {{ order_by_clause }}{% endif %})
  {%- endif -%}
{%- endmacro %}

{#- BigQuery. concat() rather than ||, which needs every operand to be a string already. -#}
{% macro bigquery__concat(fields) -%}
  concat({{ fields | join(', ') }})
{%- endmacro %}

{#- md5 gives BYTES: its hex form matches other engines' md5 text. -#}
{% macro bigquery__hash(field) -%}
  to_hex(md5(cast({{ field }} as {{ dbt.type_string() }})))
{%- endmacro %}

{#- split() makes an array; safe_offset is 0-based and gives null past either end. -#}
{% macro bigquery__split_part(string_text, delimiter_text, part_number) -%}
  {%- if part_number >= 0 -%}
  split({{ string_text }}, {{ delimiter_text }})[safe_offset({{ part_number - 1 }})]
  {%- else -%}
  split({{ string_text }}, {{ delimiter_text }})[safe_offset(array_length(split({{ string_text }}, {{ delimiter_text }})) {{ part_number }})]
  {%- endif -%}
{%- endmacro %}

{#- GoogleSQL string literals escape with a backslash; doubling a quote ends the literal. -#}
{% macro bigquery__escape_single_quotes(expression) -%}
  {{ expression | replace('\\', '\\\\') | replace("'", "\\'") }}
{%- endmacro %}

{% macro bigquery__position(substring_text, string_text) -%}
  strpos({{ string_text }}, {{ substring_text }})
{%- endmacro %}

{#- string_agg takes the order and the limit inside its parentheses. -#}
{% macro bigquery__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
  string_agg({{ measure }}, {{ delimiter_text }}{% if order_by_clause %} {{ order_by_clause }}{% endif %}{% if limit_num %} limit {{ limit_num }}{% endif %})
{%- endmacro %}
