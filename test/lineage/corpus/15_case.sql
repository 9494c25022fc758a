select
  trip_id,
  case when tip > fare * 0.2 then 'generous' when tip > 0 then 'tipped' else 'none' end as tip_class,
  case payment_type when 1 then fare else 0 end as card_fare
from "raw"."trips"
