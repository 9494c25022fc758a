select
  pickup_zone,
  count(*) as trips,
  sum(fare) as revenue,
  avg(tip / nullif(fare, 0)) as tip_rate,
  count(distinct vendor) as vendors
from "raw"."trips"
group by pickup_zone
