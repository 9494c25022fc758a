select t.trip_id, z.borough, t.fare + t.tip as total
from "raw"."trips" as t
inner join "silver"."zones" as z on z.zone_id = t.pickup_zone
