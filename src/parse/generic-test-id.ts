import { md5 } from './naming.js';
import { pythonStringRepr } from './python-repr.js';

/** What dbt hashes of a generic test: its macro, namespace and keyword arguments (with `model`). */
export interface GenericTestMetadata {
  readonly name: string;
  readonly namespace?: string;
  readonly kwargs: Readonly<Record<string, unknown>>;
}

/**
 * dbt's unique id of a generic test: `test.<project>.<name>.<hash>`, where the hash is the last
 * 10 hex digits of the md5 of the name followed by Python's `repr()` of the test metadata, every
 * mapping's keys sorted and every scalar turned into its `str()`. Matching it digit for digit
 * lets state comparison and artifact readers match ldp's tests to dbt's.
 */
export function genericTestUniqueId(
  projectName: string,
  name: string,
  metadata: GenericTestMetadata,
): string {
  const hashable = { kwargs: metadata.kwargs, name: metadata.name, namespace: metadata.namespace ?? null };
  return `test.${projectName}.${name}.${md5(name + hashableRepr(hashable)).slice(-10)}`;
}

/**
 * dbt's `model` argument of a generic test, as its test builder writes it: the tested relation
 * wrapped in `get_where_subquery`.
 */
export function modelArgument(target: {
  readonly ref?: { readonly name: string; readonly version?: string };
  readonly source?: { readonly source: string; readonly table: string };
}): string {
  const { ref, source } = target;
  const version = ref?.version ? `, version='${ref.version}'` : '';
  const relation = ref ? `ref('${ref.name}'${version})` : `source('${source?.source}', '${source?.table}')`;
  return `{{ get_where_subquery(${relation}) }}`;
}

function hashableRepr(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(hashableRepr).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    const record = value as Record<string, unknown>;
    return `{${keys.map((key) => `${pythonStringRepr(key)}: ${hashableRepr(record[key])}`).join(', ')}}`;
  }
  return pythonStringRepr(pythonScalarStr(value));
}

/** Python's `str()` of a YAML scalar. */
export function pythonScalarStr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  return String(value);
}
