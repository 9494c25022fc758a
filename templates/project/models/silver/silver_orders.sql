select
    order_id,
    customer_id,
    ordered_at,
    status,
    {{ cents_to_dollars('amount_cents') }} as amount
from {{ ref('bronze_orders') }}
where status != 'returned'
