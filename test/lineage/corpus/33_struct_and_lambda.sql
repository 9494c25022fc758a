select trip_id, meta.source as source, list_transform(tags, x -> upper(x) || vendor) as labelled
from "raw"."trips"
