{{ config(materialized='table', partition_by=['month(pickup_at)']) }}

with typed as (
    select
        cast(VendorID as {{ dbt.type_int() }}) as vendor_id,
        tpep_pickup_datetime as pickup_at,
        tpep_dropoff_datetime as dropoff_at,
        cast(passenger_count as {{ dbt.type_int() }}) as passenger_count,
        trip_distance as trip_distance_miles,
        cast(RatecodeID as {{ dbt.type_int() }}) as rate_code_id,
        store_and_fwd_flag = 'Y' as store_and_forward,
        cast(PULocationID as {{ dbt.type_int() }}) as pickup_location_id,
        cast(DOLocationID as {{ dbt.type_int() }}) as dropoff_location_id,
        cast(payment_type as {{ dbt.type_int() }}) as payment_type_id,
        fare_amount,
        extra,
        mta_tax,
        tip_amount,
        tolls_amount,
        improvement_surcharge,
        coalesce(congestion_surcharge, 0) as congestion_surcharge,
        coalesce(airport_fee, 0) as airport_fee,
        total_amount,
        {{ minutes_between('tpep_pickup_datetime', 'tpep_dropoff_datetime') }} as duration_minutes,
        source_month
    from {{ ref('bronze_trips') }}
),

cleaned as (
    select *
    from typed
    where duration_minutes between {{ var('min_trip_minutes') }} and {{ var('max_trip_minutes') }}
      and trip_distance_miles > 0
      and fare_amount >= 0
      and total_amount >= 0
),

-- The TLC files repeat a few records verbatim; keep one of each.
deduplicated as (
    select *
    from cleaned
    -- BigQuery wants a WHERE (or GROUP BY) next to QUALIFY.
    where true
    qualify row_number() over (
        partition by vendor_id, pickup_at, dropoff_at, pickup_location_id, dropoff_location_id, total_amount
        order by source_month
    ) = 1
)

select
    {{ row_key(['vendor_id', 'pickup_at', 'dropoff_at', 'pickup_location_id', 'dropoff_location_id', 'total_amount']) }} as trip_id,
    t.*,
    pickup.borough as pickup_borough,
    pickup.zone as pickup_zone,
    pickup.is_airport as pickup_is_airport,
    dropoff.borough as dropoff_borough,
    dropoff.zone as dropoff_zone,
    dropoff.is_airport as dropoff_is_airport
from deduplicated as t
left join {{ ref('silver_zones') }} as pickup on t.pickup_location_id = pickup.location_id
left join {{ ref('silver_zones') }} as dropoff on t.dropoff_location_id = dropoff.location_id
