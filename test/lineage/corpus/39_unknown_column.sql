select trip_id, no_such_column from "raw"."trips"
