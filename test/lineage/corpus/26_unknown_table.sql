select t.trip_id, l.label
from "raw"."trips" t
left join "raw"."labels" l on l.trip_id = t.trip_id
