{#- Built-in generic data tests. Each returns the failing rows; dbt's semantics. The SQL is
    GoogleSQL too, but for what differs by engine: quoting text and dates, dispatched. -#}

{% test not_null(model, column_name) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} is null
{% endtest %}

{% test unique(model, column_name) %}
select
    {{ column_name }} as unique_field,
    count(*) as n_records
from {{ model }}
where {{ column_name }} is not null
group by {{ column_name }}
having count(*) > 1
{% endtest %}

{% test accepted_values(model, column_name, values, quote=True) %}
with all_values as (
    select {{ column_name }} as value_field, count(*) as n_records
    from {{ model }}
    group by {{ column_name }}
)
select *
from all_values
where value_field not in (
    {%- for value in values -%}
        {%- if quote -%}'{{ dbt.escape_single_quotes(value | string) }}'{%- else -%}{{ value }}{%- endif -%}
        {%- if not loop.last -%}, {% endif -%}
    {%- endfor -%}
)
{% endtest %}

{% test relationships(model, column_name, to, field) %}
with child as (
    select {{ column_name }} as from_field
    from {{ model }}
    where {{ column_name }} is not null
),
parent as (
    select {{ field }} as to_field
    from {{ to }}
)
select from_field
from child
left join parent on child.from_field = parent.to_field
where parent.to_field is null
{% endtest %}

{% test unique_combination_of_columns(model, combination_of_columns) %}
select {{ combination_of_columns | join(', ') }}, count(*) as n_records
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1
{% endtest %}

{% test expression_is_true(model, expression, column_name=None) %}
select *
from {{ model }}
where not ({% if column_name is not none %}{{ column_name }} {% endif %}{{ expression }})
{% endtest %}

{% test accepted_range(model, column_name, min_value=None, max_value=None, inclusive=True) %}
select *
from {{ model }}
where
    {%- if min_value is none and max_value is none %} false
    {%- else %} 1 = 2
        {%- if min_value is not none %} or {{ column_name }} {{ '<' if inclusive else '<=' }} {{ min_value }}{% endif %}
        {%- if max_value is not none %} or {{ column_name }} {{ '>' if inclusive else '>=' }} {{ max_value }}{% endif %}
    {%- endif %}
{% endtest %}

{% test not_empty(model) %}
select 'no rows' as failure
from (select count(*) as n from {{ model }}) as counted
where n = 0
{% endtest %}

{% test row_count(model, min_value=None, max_value=None, equal=None) %}
select n as row_count
from (select count(*) as n from {{ model }}) as counted
where false
    {%- if equal is not none %} or n != {{ equal }}{% endif %}
    {%- if min_value is not none %} or n < {{ min_value }}{% endif %}
    {%- if max_value is not none %} or n > {{ max_value }}{% endif %}
{% endtest %}

{% test recency(model, field, datepart, interval) %}
select max_value
from (select max({{ field }}) as max_value from {{ model }}) as latest
where max_value is null
   or {{ adapter.dispatch('ldp_older_than', 'dbt')('max_value', datepart, interval) }}
{% endtest %}

{#- Whether the timestamp `value` lies more than `interval` dateparts before now. -#}
{% macro default__ldp_older_than(value, datepart, interval) -%}
  {{ value }} < now()::timestamp - interval '{{ interval }} {{ datepart }}'
{%- endmacro %}

{#- BigQuery: datetime_sub takes every part (timestamp_sub stops at days); a TIMESTAMP column
    compares as its UTC DATETIME. -#}
{% macro bigquery__ldp_older_than(value, datepart, interval) -%}
  cast({{ value }} as datetime) < datetime_sub(current_datetime(), interval {{ interval }} {{ ldp_datepart(datepart) }})
{%- endmacro %}
