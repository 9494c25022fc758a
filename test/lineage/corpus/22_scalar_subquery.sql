select
  z.zone_id,
  (select count(*) from "raw"."trips" t where t.pickup_zone = z.zone_id) as pickups,
  (select max(fare) from "raw"."trips") as max_fare
from "silver"."zones" z
