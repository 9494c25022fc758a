{% set airports = ['JFK Airport', 'LaGuardia Airport', 'Newark Airport'] %}

select
    cast(pickup_at as date) as trip_date,
    {%- for airport in airports %}
    count(case when pickup_zone = '{{ airport }}' or dropoff_zone = '{{ airport }}' then 1 end)
        as {{ airport.split(' ')[0] | lower }}_trips,
    {%- endfor %}
    round(sum(airport_fee), 2) as airport_fees
from {{ ref('silver_trips') }}
where pickup_is_airport or dropoff_is_airport
group by all
order by trip_date
