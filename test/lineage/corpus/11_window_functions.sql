select
  trip_id,
  row_number() over (partition by vendor order by pickup_at) as seq,
  sum(fare) over (partition by pickup_zone) as zone_revenue,
  lag(fare, 1) over (order by pickup_at) as previous_fare
from "raw"."trips"
