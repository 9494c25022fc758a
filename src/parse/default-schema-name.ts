/**
 * ldp's `generate_schema_name` without a template (parsing calls it for every node). Locally a
 * node's schema is the Iceberg namespace: the custom schema as written, else its medallion
 * layer, else the target schema. On BigQuery a schema is a dataset in a project shared with
 * other datasets, so dbt's rule applies: `<dataset>_<custom>`, and a layer is such a custom
 * schema (`analytics_bronze`, `analytics_silver`, …). A project's own `generate_schema_name`
 * replaces both (one dataset per layer, say).
 */
export function defaultSchemaName(
  target: { readonly type: string; readonly schema: string },
  customSchema: string | undefined,
  layer: string | undefined,
): string {
  const custom = customSchema?.trim() || layer;
  if (!custom) return target.schema;
  return target.type === 'bigquery' ? `${target.schema}_${custom}` : custom;
}
