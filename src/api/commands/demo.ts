import { relative, resolve } from 'node:path';
import {
  checkTaxiDataOptions,
  type GeneratedTaxiData,
  generateTaxiData,
  TAXI_ZONES,
} from '../../demo/index.js';
import { type Reporter, silentReporter } from '../../model/reporter.js';

export interface DemoOptions {
  readonly projectDir: string;
  /** Output folder, relative to the project (default `data`, where the example project reads). */
  readonly out?: string;
  /** Months as `YYYY-MM` (default `2023-01`). */
  readonly months?: readonly string[];
  /** Rows per month; default: the real January 2023 volume × `scale`. */
  readonly rowsPerMonth?: number;
  /** Fraction of the real January 2023 volume (3,066,766 rows) when `rowsPerMonth` is not given (default 1). */
  readonly scale?: number;
  /** Same seed and arguments → the same rows (default 2023). */
  readonly seed?: number;
  readonly reporter?: Reporter;
}

/**
 * `ldp demo`: writes deterministic NYC yellow-taxi trip files (`yellow_tripdata_<YYYY-MM>.parquet`,
 * the TLC's 19-column 2023 schema) and `taxi_zone_lookup.csv`, generated inside DuckDB, so the
 * example project runs on realistic data without a download. Bad months, rows, scale or seed
 * are `LdpError`s (LDP910) raised before anything is written.
 */
export async function demo(options: DemoOptions): Promise<GeneratedTaxiData> {
  const reporter = options.reporter ?? silentReporter;
  const outDir = resolve(options.projectDir, options.out ?? 'data');
  const generatorOptions = {
    months: options.months && options.months.length > 0 ? options.months : ['2023-01'],
    ...(options.rowsPerMonth !== undefined ? { rowsPerMonth: options.rowsPerMonth } : {}),
    ...(options.scale !== undefined ? { scale: options.scale } : {}),
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
  };
  const { rows } = checkTaxiDataOptions(generatorOptions);
  const months = generatorOptions.months.length;
  reporter.report({
    kind: 'info',
    message: `Generating ${months} month${months === 1 ? '' : 's'} of yellow-taxi trips, ${rows} rows each, into ${shown(outDir)}`,
  });
  const started = performance.now();
  const generated = await generateTaxiData({ outDir, ...generatorOptions });
  const written = [
    ...generated.files.map((f) => ({ path: f.path, rows: f.rows })),
    { path: generated.zonesPath, rows: TAXI_ZONES.length },
  ];
  for (const file of written)
    reporter.report({ kind: 'info', message: `  ${shown(file.path)}  ${file.rows} rows` });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  reporter.report({
    kind: 'info',
    message: `Wrote ${rows * months} trips in ${months} file${months === 1 ? '' : 's'} and the zone lookup in ${seconds}s`,
  });
  return generated;
}

/** Paths as the user would type them from where they ran the command. */
function shown(path: string): string {
  return relative(process.cwd(), path) || '.';
}
