select v.code, v.label, p.description
from (values (1, 'cash'), (2, 'card')) as v(code, label)
join "silver"."payment_types" p on p.payment_type = v.code
