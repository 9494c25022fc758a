select
  vendor,
  count(*) filter (where tip > 0) as tipped,
  string_agg(trip_id::varchar, ',' order by pickup_at) as ids
from "raw"."trips"
group by vendor
