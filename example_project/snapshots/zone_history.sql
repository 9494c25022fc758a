{#
  The zone lookup changes now and then (a zone renamed, moved to another service zone): keep
  every version, with dbt_valid_from / dbt_valid_to, as an SCD type-2 Iceberg table.
#}
{% snapshot zone_history %}
{{ config(
    unique_key='location_id',
    strategy='check',
    check_cols=['borough', 'zone', 'service_zone']
) }}
select location_id, borough, zone, service_zone from {{ ref('silver_zones') }}
{% endsnapshot %}
