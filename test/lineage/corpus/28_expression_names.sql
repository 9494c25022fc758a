select trip_id, fare * 2, upper(vendor), count(*) over (), cast(passengers as bigint), 42,
  fare > 10 and tip > 1, meta.source, t.meta.version, tags[1]
from "raw"."trips" t
