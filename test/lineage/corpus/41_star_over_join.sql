select *
from "silver"."zones" z
join "silver"."payment_types" p on p.payment_type = z.zone_id
