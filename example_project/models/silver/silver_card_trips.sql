{{ config(materialized='ephemeral') }}

-- Only card payments record tips; cash tips never reach the meter.
select *
from {{ ref('silver_trips') }}
where payment_type_id = 1
