import { compareText } from '../compare-text.js';
import type { ColumnEdgeKind, ColumnLineageEdge } from '../types.js';
import {
  COLUMN_LINEAGE_FACET_URL,
  type ColumnLineageFacet,
  type InputField,
  type Transformation,
} from './spec.js';

/** A dataset of a run, tied to the ldp node that reads or writes it. */
export interface LineageDataset {
  readonly nodeId: string;
  readonly namespace: string;
  readonly name: string;
  readonly fields: readonly {
    readonly name: string;
    readonly type?: string;
    readonly description?: string;
  }[];
}

const TRANSFORMATIONS: Record<ColumnEdgeKind, Transformation> = {
  copy: { type: 'DIRECT', subtype: 'IDENTITY' },
  transform: { type: 'DIRECT', subtype: 'TRANSFORMATION' },
  aggregate: { type: 'DIRECT', subtype: 'AGGREGATION' },
  filter: { type: 'INDIRECT', subtype: 'FILTER' },
  join: { type: 'INDIRECT', subtype: 'JOIN' },
};

/**
 * The `columnLineage` facet of `output` from ldp's column edges. Edges whose parent is not one of
 * `inputs` (e.g. an ephemeral model traced in `point` mode) have no dataset and are left out.
 * INDIRECT inputs shared by every output field go to `dataset`, as the spec recommends.
 */
export function columnLineageFacet(
  producer: string,
  output: LineageDataset,
  inputs: readonly LineageDataset[],
  edges: readonly ColumnLineageEdge[],
): ColumnLineageFacet | undefined {
  const datasets = new Map(inputs.map((d) => [d.nodeId, d]));
  const byField = new Map<string, InputField[]>();
  for (const edge of edges) {
    const input = datasets.get(edge.parentId);
    if (edge.childId !== output.nodeId || !input) continue;
    const field = { namespace: input.namespace, name: input.name, field: edge.parentColumn };
    const list = byField.get(edge.childColumn) ?? [];
    list.push({ ...field, transformations: [TRANSFORMATIONS[edge.kind]] });
    byField.set(edge.childColumn, list);
  }
  if (byField.size === 0) return undefined;
  const fieldNames = output.fields.length > 0 ? output.fields.map((f) => f.name) : [...byField.keys()];
  const shared = sharedIndirect(fieldNames.map((name) => byField.get(name) ?? []));
  const fields: Record<string, { inputFields: InputField[] }> = {};
  for (const name of orderedNames(fieldNames, byField)) {
    const inputFields = (byField.get(name) ?? []).filter((f) => !shared.has(fieldKey(f))).sort(compareFields);
    if (inputFields.length > 0) fields[name] = { inputFields };
  }
  const dataset = [...shared.values()].sort(compareFields);
  return {
    _producer: producer,
    _schemaURL: COLUMN_LINEAGE_FACET_URL,
    fields,
    ...(dataset.length > 0 ? { dataset } : {}),
  };
}

/** INDIRECT input fields present, with the same subtype, on every output field. */
function sharedIndirect(perField: readonly InputField[][]): Map<string, InputField> {
  const [first, ...rest] = perField;
  const shared = new Map<string, InputField>();
  for (const f of first ?? []) {
    if (f.transformations[0]?.type !== 'INDIRECT') continue;
    if (rest.every((other) => other.some((o) => fieldKey(o) === fieldKey(f)))) shared.set(fieldKey(f), f);
  }
  return shared;
}

function orderedNames(fieldNames: readonly string[], byField: ReadonlyMap<string, unknown>): string[] {
  const extra = [...byField.keys()].filter((name) => !fieldNames.includes(name)).sort(compareText);
  return [...fieldNames, ...extra];
}

function fieldKey(f: InputField): string {
  return [f.namespace, f.name, f.field, f.transformations[0]?.subtype].join('\u0000');
}

function compareFields(a: InputField, b: InputField): number {
  return (
    compareText(a.namespace, b.namespace) ||
    compareText(a.name, b.name) ||
    compareText(a.field, b.field) ||
    compareText(a.transformations[0]?.subtype ?? '', b.transformations[0]?.subtype ?? '')
  );
}
