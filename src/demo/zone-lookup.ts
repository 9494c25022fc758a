import { TAXI_ZONES, type TaxiZoneRow } from './taxi-zones.js';

/** The airports whose pickups pay the airport fee. */
export const JFK_ZONE = 132;
export const LGA_ZONE = 138;
export const NEWARK_ZONE = 1;
export const UNKNOWN_ZONES: readonly number[] = [264, 265];

/**
 * Manhattan zones south of 96th Street (service zone "Yellow Zone"): the congestion surcharge
 * applies to trips that start or end there.
 */
export const MANHATTAN_YELLOW_ZONES: readonly number[] = TAXI_ZONES.filter(
  ([, borough, , service]) => borough === 'Manhattan' && service === 'Yellow Zone',
).map(([id]) => id);

/** Every other zone of the five boroughs: outer boroughs and upper Manhattan ("Boro Zone"). */
export const OUTER_ZONES: readonly number[] = TAXI_ZONES.filter(
  ([, , , service]) => service === 'Boro Zone',
).map(([id]) => id);

/** The lookup file exactly as the TLC publishes it: quoted header and text values, bare ids. */
export function zoneLookupCsv(rows: readonly TaxiZoneRow[] = TAXI_ZONES): string {
  const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;
  const lines = ['"LocationID","Borough","Zone","service_zone"'];
  for (const [id, borough, zone, service] of rows) {
    lines.push(`${id},${quote(borough)},${quote(zone)},${quote(service)}`);
  }
  return `${lines.join('\n')}\n`;
}
