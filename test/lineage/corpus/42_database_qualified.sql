select w.trip_id, "ldp"."raw"."trips".fare
from "ldp"."raw"."trips"
cross join "ldp"."raw"."trips" as w
