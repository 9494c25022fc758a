export {
  checkTaxiDataOptions,
  type GeneratedTaxiData,
  type GeneratedTaxiFile,
  type GenerateTaxiDataOptions,
  generateTaxiData,
  JAN_2023_ROWS,
} from './generate-taxi-data.js';
export { TAXI_ZONES, type TaxiZoneRow } from './taxi-zones.js';
export { tripsSql } from './trip-sql.js';
export { YELLOW_TRIP_COLUMNS } from './yellow-schema.js';
export { zoneLookupCsv } from './zone-lookup.js';
