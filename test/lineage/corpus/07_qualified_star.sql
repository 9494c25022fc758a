select z.*, p.description
from "silver"."zones" z
cross join "silver"."payment_types" p
