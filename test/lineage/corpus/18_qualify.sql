select trip_id, vendor, fare
from "raw"."trips"
qualify row_number() over (partition by vendor order by fare desc) = 1
