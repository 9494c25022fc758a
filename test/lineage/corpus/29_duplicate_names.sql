select z.zone_id, p.payment_type as zone_id, z.borough
from "silver"."zones" z
cross join "silver"."payment_types" p
