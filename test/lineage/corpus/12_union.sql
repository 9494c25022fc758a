select pickup_zone as zone, fare as amount from "raw"."trips"
union all
select zone_id, null from "silver"."zones"
union
select payment_type, 0 from "silver"."payment_types"
