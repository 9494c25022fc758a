select t.trip_id, coalesce(p.description, 'unknown') as payment
from "raw"."trips" t
left join "silver"."payment_types" p on p.payment_type = t.payment_type and p.payment_type > 0
