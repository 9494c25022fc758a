select t.trip_id, x.total
from "raw"."trips" t, lateral (select t.fare + t.tip as total) x
