select * exclude (zone_name) replace (upper(borough) as borough) rename (zone_id as id)
from "silver"."zones"
