with recursive hops(zone, depth) as (
  select zone_id, 0 from "silver"."zones"
  union all
  select t.dropoff_zone, h.depth + 1
  from hops h
  join "raw"."trips" t on t.pickup_zone = h.zone
  where h.depth < 3
)
select zone, depth from hops
