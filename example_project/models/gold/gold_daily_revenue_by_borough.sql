{{ config(
    materialized='incremental',
    incremental_strategy='merge',
    unique_key=['trip_date', 'borough']
) }}

select
    cast(pickup_at as date) as trip_date,
    pickup_borough as borough,
    count(*) as trips,
    round(sum(total_amount), 2) as revenue,
    round(avg(total_amount), 2) as avg_total_amount,
    round(sum(trip_distance_miles), 1) as miles
from {{ ref('silver_trips') }}
{% if is_incremental() %}
where cast(pickup_at as date) >= (select {{ dbt.dateadd('day', -3, 'max(trip_date)') }} from {{ this }})
{% endif %}
group by all
