{{ config(
    materialized='incremental',
    incremental_strategy='merge',
    unique_key=['trip_date', 'borough']
) }}

select
    pickup_at::date as trip_date,
    pickup_borough as borough,
    count(*) as trips,
    round(sum(total_amount), 2) as revenue,
    round(avg(total_amount), 2) as avg_total_amount,
    round(sum(trip_distance_miles), 1) as miles
from {{ ref('silver_trips') }}
{% if is_incremental() %}
where pickup_at::date >= (select max(trip_date) - interval 3 day from {{ this }})
{% endif %}
group by all
