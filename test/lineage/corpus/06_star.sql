select * from "silver"."zones"
