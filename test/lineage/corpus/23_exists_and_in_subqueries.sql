select zone_id, borough
from "silver"."zones" z
where exists (select 1 from "raw"."trips" t where t.dropoff_zone = z.zone_id)
  and zone_id in (select pickup_zone from "raw"."trips" where passengers > 2)
