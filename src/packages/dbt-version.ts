/**
 * The dbt version ldp's project format corresponds to, for packages' `require-dbt-version`:
 * hub versions that require another dbt are not chosen, as dbt does with its own version.
 */
export const DBT_COMPATIBLE_VERSION = '1.10.0';
