select *
from "silver"."zones"
pivot (count(*) for borough in ('Queens', 'Bronx'))
