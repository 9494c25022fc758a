select trip_id, columns('fare|tip'), min(columns(['distance'])) from "raw"."trips" group by all
