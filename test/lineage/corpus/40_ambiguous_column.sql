select zone_id from "silver"."zones" a join "silver"."zones" b on a.zone_id = b.zone_id
