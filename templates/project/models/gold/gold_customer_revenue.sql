select
    c.customer_id,
    c.first_name || ' ' || c.last_name as customer_name,
    count(o.order_id) as orders,
    coalesce(sum(o.amount), 0) as revenue
from {{ ref('bronze_customers') }} as c
left join {{ ref('silver_orders') }} as o using (customer_id)
group by all
