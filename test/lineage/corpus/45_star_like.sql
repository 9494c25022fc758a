select trip_id, * like 'pickup%' from "raw"."trips"
