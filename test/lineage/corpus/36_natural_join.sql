select *
from "silver"."payment_types"
natural join (select payment_type, count(*) as n from "raw"."trips" group by all) c
