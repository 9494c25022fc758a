with fares as (select trip_id, payment_type, fare from "raw"."trips")
select *
from fares f
join "silver"."payment_types" p using (payment_type)
