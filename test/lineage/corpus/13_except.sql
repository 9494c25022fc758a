select pickup_zone from "raw"."trips"
except
select zone_id from "silver"."zones" where borough = 'Unknown'
