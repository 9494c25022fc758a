{#
  Raw trips, loaded one monthly file at a time: a later run only appends files it has not
  seen yet, so re-running is cheap and never duplicates a month.
#}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    partition_by=[{'field': 'tpep_pickup_datetime', 'transform': 'day'}],
    on_schema_change='append_new_columns'
) }}

select
    *,
    {{ file_month('filename') }} as source_month
from {{ source('tlc', 'yellow_trips') }}
{% if is_incremental() %}
where filename not in (select distinct filename from {{ this }})
{% endif %}
