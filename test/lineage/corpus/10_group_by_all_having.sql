select vendor, date_trunc('day', pickup_at) as day, sum(fare) as revenue
from "raw"."trips"
group by all
having count(*) > 10 and sum(tip) > 0
