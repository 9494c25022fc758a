select payment_type, description
from "raw"."trips" t
right join "silver"."payment_types" p using (payment_type)
