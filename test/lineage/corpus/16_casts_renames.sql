select
  trip_id as id,
  cast(fare as decimal(10, 2)) as fare_usd,
  passengers::varchar as passengers_text,
  try_cast(vendor as integer) as vendor_code,
  pickup_at
from "raw"."trips"
