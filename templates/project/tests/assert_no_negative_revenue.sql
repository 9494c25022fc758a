select * from {{ ref('gold_customer_revenue') }} where revenue < 0
