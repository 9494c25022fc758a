select s.zone, s.revenue * 2 as doubled
from (
  select pickup_zone as zone, sum(fare) as revenue from "raw"."trips" group by 1
) as s
where s.revenue > 100
