import { monthCalendar } from './calendar.js';
import {
  bucketize,
  HOT_MANHATTAN_ZONES,
  WEEKDAY_HOUR_WEIGHTS,
  WEEKDAY_WEIGHTS,
  WEEKEND_HOUR_WEIGHTS,
  weightedZones,
} from './distributions.js';
import { draw, drawsSql, pick } from './random-sql.js';
import { JFK_ZONE, LGA_ZONE, MANHATTAN_YELLOW_ZONES, NEWARK_ZONE, OUTER_ZONES } from './zone-lookup.js';

/** One month of trips to generate. */
export interface TripMonth {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly rows: number;
  readonly seed: number;
}

/**
 * The trips of one month as one DuckDB query over `range(rows)`: every value is a function of
 * the row key and the seed, so the same arguments always give the same rows, and no row ever
 * passes through JavaScript. A few keys point back at an earlier row: exact duplicates.
 */
export function tripsSql(request: TripMonth): string {
  const calendar = monthCalendar(request.month);
  return [
    'WITH',
    `keyed AS (${keyedSql(request)}),`,
    `draws AS (${drawsSql('keyed')}),`,
    `placed AS (${placedSql(calendar)}),`,
    `shaped AS (${shapedSql()}),`,
    `priced AS (${pricedSql()}),`,
    `settled AS (${settledSql()})`,
    finalSql(),
  ].join('\n');
}

function keyedSql({ rows, seed }: TripMonth): string {
  // About 3 rows in 100,000 repeat one of the previous thousand rows exactly.
  const dup = `${draw(1, 'hi')} < 0.00003 AND i > 0`;
  const back = `1 + floor(${draw(2, 'hi')} * least(i, 1000))::BIGINT`;
  return `SELECT hash(CASE WHEN ${dup} THEN i - ${back} ELSE i END, ${seed}::BIGINT) AS h
    FROM (SELECT i, hash(i, ${seed}::BIGINT) AS hi FROM range(${rows}) t(i))`;
}

/** When and where: day, hour, pickup and dropoff zones. */
function placedSql(calendar: { first: string; isoDays: number[] }): string {
  const dayBuckets = bucketize(calendar.isoDays.map((d) => WEEKDAY_WEIGHTS[d - 1] ?? 1));
  const weekend = calendar.isoDays.map((d) => d >= 6);
  const manhattan = weightedZones(MANHATTAN_YELLOW_ZONES, HOT_MANHATTAN_ZONES);
  // Indexed by zone id: is the zone in the congestion-surcharge area?
  const charged = Array.from({ length: 265 }, (_, i) => MANHATTAN_YELLOW_ZONES.includes(i + 1));
  return `SELECT *, [${charged.join(',')}][pu] AS pu_core, [${charged.join(',')}]["do"] AS do_core,
      CASE WHEN weekend THEN ${pick(bucketize(WEEKEND_HOUR_WEIGHTS), 'u_hour')}
        ELSE ${pick(bucketize(WEEKDAY_HOUR_WEIGHTS), 'u_hour')} END AS hour
    FROM (SELECT *, [${weekend.join(',')}][1 + day] AS weekend
    FROM (SELECT *,
      u_nulls < 0.025 AS no_meta,
      ${pick(dayBuckets, 'u_day')} AS day,
      DATE '${calendar.first}' AS month_start,
      ${zoneSql('pu', manhattan, [0.03, 0.05, 0.05, 0.9, 0.99, 0.996])} AS pu,
      ${zoneSql('do', manhattan, [0.015, 0.04, 0.043, 0.85, 0.985, 0.995])} AS "do"
    FROM draws))`;
}

/** A zone drawn by kind: cut points for JFK, LGA, Newark, Manhattan, outer boroughs, 264; else 265. */
function zoneSql(end: 'pu' | 'do', manhattan: number[], cuts: number[]): string {
  const u = `u_${end}_kind`;
  const [jfk, lga, ewr, core, outer, unknown] = cuts;
  return `CASE WHEN ${u} < ${jfk} THEN ${JFK_ZONE} WHEN ${u} < ${lga} THEN ${LGA_ZONE}
      WHEN ${u} < ${ewr} THEN ${NEWARK_ZONE}
      WHEN ${u} < ${core} THEN ${pick(manhattan, `u_${end}_pick`)}
      WHEN ${u} < ${outer} THEN ${pick(OUTER_ZONES, `u_${end}_pick`)}
      WHEN ${u} < ${unknown} THEN 264 ELSE 265 END`;
}

/** Distance (log-normal around a median that depends on the two ends) and rate code. */
function shapedSql(): string {
  const airports = `${JFK_ZONE}, ${LGA_ZONE}, ${NEWARK_ZONE}`;
  const z = 'sqrt(-2 * ln(greatest(u_dist_a, 1e-12))) * cos(2 * pi() * u_dist_b)';
  return `SELECT *,
      CASE WHEN u_junk < 0.015 THEN 0.0
        WHEN u_junk > 0.99999 THEN round(1000 + 20000 * u_dist_b, 2)
        ELSE round(least(median_miles * exp(sigma * ${z}), 90), 2) END AS trip_distance
    FROM (SELECT *,
      CASE WHEN pu = ${JFK_ZONE} OR "do" = ${JFK_ZONE} THEN 17.0
        WHEN "do" = ${NEWARK_ZONE} OR pu = ${NEWARK_ZONE} THEN 17.5
        WHEN pu = ${LGA_ZONE} OR "do" = ${LGA_ZONE} THEN 9.5
        WHEN pu > 263 OR "do" > 263 THEN 2.5
        WHEN pu = "do" THEN 0.8
        WHEN pu_core AND do_core THEN 1.6
        ELSE 5.0 END AS median_miles,
      CASE WHEN pu IN (${airports}) OR "do" IN (${airports}) THEN 0.25
        WHEN pu > 263 OR "do" > 263 THEN 1.0 ELSE 0.6 END AS sigma,
      CASE WHEN no_meta THEN NULL
        WHEN (pu = ${JFK_ZONE} AND do_core) OR ("do" = ${JFK_ZONE} AND pu_core) THEN 2
        WHEN "do" = ${NEWARK_ZONE} THEN 3
        WHEN u_rate < 0.004 THEN 5 WHEN u_rate < 0.006 THEN 4
        WHEN u_rate < 0.0075 THEN 99 ELSE 1 END AS ratecode
    FROM placed)`;
}

/** Meter fare (2023 rates: $3.00 + $0.70 per 1/5 mile or per slow minute) and surcharges. */
function pricedSql(): string {
  const night = 'hour >= 20 OR hour < 6';
  return `SELECT *,
      CASE WHEN ratecode = 2 THEN 70.0
        WHEN ratecode = 5 THEN round(15 + 85 * u_negotiated, 0)
        WHEN ratecode = 3 THEN meter + 20.0
        WHEN ratecode = 4 THEN round(meter * 1.6, 1)
        ELSE meter END AS fare_amount,
      CASE WHEN ratecode = 5 THEN 0.0 WHEN NOT weekend AND hour BETWEEN 16 AND 19 THEN 2.5
        WHEN ${night} THEN 1.0 ELSE 0.0 END AS extra,
      CASE WHEN ratecode = 5 THEN 0.0 ELSE 0.5 END AS mta_tax,
      CASE WHEN no_meta THEN NULL WHEN pu_core OR do_core THEN 2.5 ELSE 0.0 END AS congestion_surcharge,
      CASE WHEN no_meta THEN NULL WHEN pu IN (${JFK_ZONE}, ${LGA_ZONE})
        THEN CASE WHEN u_airport_fee < 0.8 THEN 1.25 ELSE 1.75 END ELSE 0.0 END AS airport_fee,
      CASE WHEN "do" = ${NEWARK_ZONE} AND u_tolls < 0.8 THEN 13.1
        WHEN (median_miles >= 9 OR trip_distance > 10) AND u_tolls < 0.55 THEN 6.55
        ELSE 0.0 END AS tolls_amount
    FROM (SELECT *, round(3.0 + 0.7 * (floor(trip_distance * 5) + floor(duration_s / 60 * slow_share)), 2) AS meter
      FROM (SELECT *,
        CASE WHEN trip_distance = 0 THEN floor(300 * u_speed)
          ELSE round(trip_distance / mph * 3600 + 60 + 180 * u_slow) END AS duration_s,
        0.1 + 0.35 * u_slow AS slow_share
      FROM (SELECT *, CASE WHEN hour BETWEEN 7 AND 19 THEN (CASE WHEN weekend THEN 11 ELSE 9 END)
          WHEN hour >= 20 THEN 14 ELSE 18 END
          * (CASE WHEN median_miles >= 5 THEN 2.4 ELSE 1.0 END) * (0.75 + 0.5 * u_speed) AS mph
        FROM shaped)))`;
}

/** Who pays how: payment type, tip on cards, refunds (every amount negated), timestamps. */
function settledSql(): string {
  const base =
    'fare_amount + extra + mta_tax + 1.0 + coalesce(congestion_surcharge, 0) + coalesce(airport_fee, 0)';
  return `SELECT *,
      CASE WHEN refund OR payment_type NOT IN (0, 1) THEN 0.0
        WHEN u_tip_skip < (CASE WHEN payment_type = 0 THEN 0.4 ELSE 0.1 END) THEN 0.0
        ELSE round((${base}) * CASE WHEN u_tip_rate < 0.55 THEN 0.2 WHEN u_tip_rate < 0.8 THEN 0.25
          WHEN u_tip_rate < 0.9 THEN 0.3 ELSE 0.05 + 3.5 * (u_tip_rate - 0.9) END, 2) END AS tip,
      month_start + to_seconds((day * 86400 + hour * 3600 + floor(u_second * 3600)
        - CASE WHEN u_late < 0.00002 THEN 86400 ELSE 0 END)::BIGINT) AS pickup
    FROM (SELECT *, NOT no_meta AND u_refund < 0.01 AS refund,
      CASE WHEN NOT no_meta AND u_refund < 0.01 THEN -1.0 ELSE 1.0 END AS sign,
      CASE WHEN no_meta THEN 0 WHEN u_refund < 0.006 THEN 4 WHEN u_refund < 0.008 THEN 3 WHEN u_refund < 0.01 THEN 2
        WHEN u_payment < 0.78 THEN 1 WHEN u_payment < 0.975 THEN 2 WHEN u_payment < 0.982 THEN 3 ELSE 4 END AS payment_type
      FROM priced)`;
}

/** The 19 TLC columns, in order and with the TLC types; refunds negate every amount. */
function finalSql(): string {
  const money = (expr: string) => `CAST(round(sign * (${expr}), 2) AS DOUBLE)`;
  const parts = [
    'fare_amount',
    'extra',
    'mta_tax',
    'tip',
    'tolls_amount',
    '1.0',
    'coalesce(congestion_surcharge, 0)',
    'coalesce(airport_fee, 0)',
  ];
  return `SELECT
    CAST(CASE WHEN u_vendor < (CASE WHEN no_meta THEN 0.1 ELSE 0.26 END) THEN 1 ELSE 2 END AS BIGINT) AS "VendorID",
    pickup AS tpep_pickup_datetime,
    pickup + to_seconds((CASE WHEN u_junk BETWEEN 0.5 AND 0.501 THEN -1 ELSE 1 END * duration_s)::BIGINT)
      AS tpep_dropoff_datetime,
    CAST(CASE WHEN no_meta THEN NULL ELSE ${passengersSql()} END AS DOUBLE) AS passenger_count,
    CAST(trip_distance AS DOUBLE) AS trip_distance,
    CAST(ratecode AS DOUBLE) AS "RatecodeID",
    CASE WHEN no_meta THEN NULL WHEN u_flag < 0.006 THEN 'Y' ELSE 'N' END AS store_and_fwd_flag,
    CAST(pu AS BIGINT) AS "PULocationID",
    CAST("do" AS BIGINT) AS "DOLocationID",
    CAST(payment_type AS BIGINT) AS payment_type,
    ${money('fare_amount')} AS fare_amount,
    ${money('extra')} AS extra,
    ${money('mta_tax')} AS mta_tax,
    ${money('tip')} AS tip_amount,
    ${money('tolls_amount')} AS tolls_amount,
    ${money('1.0')} AS improvement_surcharge,
    ${money(parts.join(' + '))} AS total_amount,
    ${money('congestion_surcharge')} AS congestion_surcharge,
    ${money('airport_fee')} AS airport_fee
  FROM settled`;
}

function passengersSql(): string {
  const u = 'u_passengers';
  return `CASE WHEN ${u} < 0.015 THEN 0 WHEN ${u} < 0.75 THEN 1 WHEN ${u} < 0.9 THEN 2 WHEN ${u} < 0.94 THEN 3
    WHEN ${u} < 0.96 THEN 4 WHEN ${u} < 0.98 THEN 5 ELSE 6 END`;
}
