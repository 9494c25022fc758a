select payment_type from "raw"."trips"
intersect
select payment_type from "silver"."payment_types"
