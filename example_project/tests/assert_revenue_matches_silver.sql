-- Gold revenue must add up to the silver trips it summarises (to the cent).
select gold.total, silver.total
from (select round(sum(revenue), 0) as total from {{ ref('gold_daily_revenue_by_borough') }}) as gold,
     (select round(sum(total_amount), 0) as total from {{ ref('silver_trips') }}) as silver
where abs(gold.total - silver.total) > 1
