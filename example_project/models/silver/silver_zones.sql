select
    cast(location_id as {{ dbt.type_int() }}) as location_id,
    coalesce(nullif(borough, 'N/A'), 'Unknown') as borough,
    coalesce(zone, 'Unknown') as zone,
    coalesce(nullif(service_zone, 'N/A'), 'Unknown') as service_zone,
    zone in ('JFK Airport', 'LaGuardia Airport', 'Newark Airport') as is_airport
from {{ ref('bronze_zones') }}
