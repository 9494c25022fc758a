with by_type as (
    select
        payment_type_id,
        count(*) as trips,
        sum(total_amount) as revenue
    from {{ ref('silver_trips') }}
    group by payment_type_id
)

select
    by_type.payment_type_id,
    coalesce(types.description, 'Unknown') as payment_type,
    by_type.trips,
    round(by_type.revenue, 2) as revenue,
    round({{ safe_divide('by_type.trips', 'sum(by_type.trips) over ()') }} * 100, 2) as trip_share_pct
from by_type
left join {{ ref('payment_types') }} as types using (payment_type_id)
order by by_type.trips desc
