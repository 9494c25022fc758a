import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { LineageGraph } from '../../catalog/index.js';
import { toUri } from '../../iceberg/index.js';
import { buildRunEvent, type LineageDataset, type RunEvent, type RunState } from '../../lineage/index.js';
import type { ExecutionPlan, PlannedStep } from '../../model/execution-plan.js';
import type { Manifest } from '../../model/manifest.js';
import type { RunResult, StepResult } from '../../model/run-result.js';
import type { WarehouseState } from '../../model/warehouse-state.js';
import { MetadataErrors } from '../errors/metadata-errors.js';
import { LDP_VERSION } from '../session/ldp-version.js';
import type { ParsedProject } from '../session/parse.js';
import { isLineageNode, relationKeyOf, relationNamespace, storedRelation } from './lineage-nodes.js';

/** Identifies ldp as the producer of the events it writes (a URI, as the spec requires). */
export const OPENLINEAGE_PRODUCER = `urn:ldp:${LDP_VERSION}`;

export interface OpenLineageRun {
  readonly parsed: ParsedProject;
  readonly plan: ExecutionPlan;
  readonly run: RunResult;
  /** The lineage just recorded: columns and column edges of the nodes. */
  readonly graph: LineageGraph;
  /** The warehouse after the run, for the columns of relations the graph does not cover. */
  readonly warehouse: WarehouseState;
}

/**
 * Appends one JSON line per OpenLineage RunEvent to `path`: START and COMPLETE (or FAIL) for each
 * node the run started, in time order. Job namespace = project name, job name = unique id; the
 * inputs are the relations the node reads (through ephemeral models) with their schema, the
 * output its table with schema and column lineage (tests write none). Skipped nodes never ran
 * and have no events. The file is created (with its folder) when missing.
 */
export function writeOpenLineageEvents(path: string, facts: OpenLineageRun): RunEvent[] {
  const datasets = new DatasetIndex(facts);
  const steps = new Map(facts.plan.steps.map((step) => [step.common.uniqueId, step]));
  const events = facts.run.results
    .filter((result) => result.status !== 'skipped')
    .flatMap((result) => nodeEvents(result, steps.get(result.uniqueId), facts, datasets))
    .sort((a, b) => (a.eventTime < b.eventTime ? -1 : a.eventTime > b.eventTime ? 1 : 0));
  const target = resolve(path);
  try {
    mkdirSync(dirname(target), { recursive: true });
    appendFileSync(target, events.map((event) => `${JSON.stringify(event)}\n`).join(''));
  } catch (error) {
    throw MetadataErrors.cannotWrite('OpenLineage events', target, (error as Error).message);
  }
  return events;
}

function nodeEvents(
  result: StepResult,
  step: PlannedStep | undefined,
  facts: OpenLineageRun,
  datasets: DatasetIndex,
): RunEvent[] {
  const node = facts.parsed.manifest.nodes.get(result.uniqueId);
  if (!step || !isLineageNode(node)) return [];
  const output = datasets.of(node.uniqueId);
  const base = {
    runId: nodeRunId(facts.run.runId, node.uniqueId),
    job: { namespace: facts.parsed.project.config.name, name: node.uniqueId },
    producer: OPENLINEAGE_PRODUCER,
    inputs: readDatasets(facts.parsed.manifest, node.uniqueId).flatMap((id) => datasets.maybe(id)),
    output: output ?? {
      nodeId: node.uniqueId,
      namespace: datasets.namespace,
      name: node.uniqueId,
      fields: [],
    },
    columnLineage: facts.graph.columnEdges.filter((e) => e.childId === node.uniqueId),
    ...('sql' in step ? { sql: step.sql } : {}),
    jobType: node.resourceType.toUpperCase(),
  };
  const end: RunState =
    result.status === 'error' || result.status === 'fail'
      ? { eventType: 'FAIL', error: { message: result.message ?? `${node.resourceType} ${result.status}` } }
      : { eventType: 'COMPLETE' };
  const events = [
    buildRunEvent({ ...base, eventTime: result.startedAt }, { eventType: 'START' }),
    buildRunEvent({ ...base, eventTime: result.completedAt }, end),
  ];
  // A data test reads its inputs and writes no dataset.
  return output ? events : events.map((event) => ({ ...event, outputs: [] }));
}

/** The relations a node reads: its parents, with ephemeral models replaced by what they read. */
function readDatasets(manifest: Manifest, id: string, seen = new Set<string>()): string[] {
  const found: string[] = [];
  for (const parentId of manifest.parentMap.get(id) ?? []) {
    if (seen.has(parentId)) continue;
    seen.add(parentId);
    const parent = manifest.nodes.get(parentId);
    if (!isLineageNode(parent)) continue;
    if (storedRelation(parent)) found.push(parentId);
    else if (parent.resourceType === 'model') found.push(...readDatasets(manifest, parentId, seen));
  }
  return found.sort();
}

/** Datasets by node id: the warehouse URI as namespace, `namespace.table` as name. */
class DatasetIndex {
  readonly namespace: string;
  private readonly columns = new Map<string, LineageDataset['fields'][number][]>();

  constructor(private readonly facts: OpenLineageRun) {
    this.namespace = toUri(facts.parsed.project.target.warehousePath);
    for (const c of facts.graph.columns) {
      const list = this.columns.get(c.uniqueId) ?? [];
      list.push({
        name: c.name,
        ...(c.dataType ? { type: c.dataType } : {}),
        ...(c.description ? { description: c.description } : {}),
      });
      this.columns.set(c.uniqueId, list);
    }
  }

  of(id: string): LineageDataset | undefined {
    const node = this.facts.parsed.manifest.nodes.get(id);
    const relation = isLineageNode(node) ? storedRelation(node) : undefined;
    if (!relation) return undefined;
    const fields =
      this.columns.get(id) ??
      this.facts.warehouse.relations.get(relationKeyOf(relation))?.columns.map((c) => ({ ...c })) ??
      [];
    return {
      nodeId: id,
      namespace: this.namespace,
      name: `${relationNamespace(relation)}.${relation.identifier}`,
      fields,
    };
  }

  maybe(id: string): LineageDataset[] {
    const dataset = this.of(id);
    return dataset ? [dataset] : [];
  }
}

/** A UUID (version 5 layout) derived from the ldp run and the node: stable, and unique per node run. */
export function nodeRunId(runId: string, uniqueId: string): string {
  const hex = createHash('sha1').update(`${runId}\u0000${uniqueId}`).digest('hex');
  const variant = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
