select
    id as customer_id,
    first_name,
    last_name,
    signed_up_at::date as signed_up_at
from {{ ref('raw_customers') }}
