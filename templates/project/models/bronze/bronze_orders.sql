select
    id as order_id,
    customer_id,
    ordered_at::date as ordered_at,
    status,
    amount_cents
from {{ ref('raw_orders') }}
