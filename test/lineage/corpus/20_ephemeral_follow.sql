with __ldp__cte__trip_facts as (
select trip_id, fare + tip as total, pickup_zone from "raw"."trips" where fare > 0
)
select f.trip_id, f.total, z.borough
from __ldp__cte__trip_facts f
join "silver"."zones" z on z.zone_id = f.pickup_zone
