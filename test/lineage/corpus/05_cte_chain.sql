with base as (
  select trip_id, pickup_zone, fare from "raw"."trips" where fare > 0
),
zoned as (
  select b.trip_id, z.borough, b.fare
  from base b
  join "silver"."zones" z on z.zone_id = b.pickup_zone
),
totals as (
  select borough, sum(fare) as revenue from zoned group by borough
)
select borough as area, revenue from totals
