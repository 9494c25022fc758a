select distinct on (vendor) vendor, trip_id
from "raw"."trips"
order by vendor, pickup_at desc
