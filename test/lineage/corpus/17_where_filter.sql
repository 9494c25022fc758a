select trip_id, fare
from "raw"."trips"
where pickup_at >= timestamp '2024-01-01' and passengers between 1 and 4 and vendor in ('A', 'B')
