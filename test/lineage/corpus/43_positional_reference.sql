select #2, #1 + 1 as next_zone
from "silver"."zones"
