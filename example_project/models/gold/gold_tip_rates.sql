{{ config(materialized='view') }}

select
    pickup_borough as borough,
    extract(hour from pickup_at) as pickup_hour,
    count(*) as card_trips,
    round(avg({{ safe_divide('tip_amount', 'fare_amount') }}) * 100, 2) as avg_tip_pct
from {{ ref('silver_card_trips') }}
where fare_amount > 0
group by all
