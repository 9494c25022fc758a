import { LdpError } from '../../errors/index.js';
import type { ColumnLineageEdge } from '../types.js';
import { columnLineageFacet, type LineageDataset } from './column-lineage-facet.js';
import {
  type Dataset,
  ERROR_MESSAGE_FACET_URL,
  JOB_TYPE_FACET_URL,
  RUN_EVENT_SCHEMA_URL,
  type RunEvent,
  SCHEMA_FACET_URL,
  SQL_FACET_URL,
} from './spec.js';

/** One node's run, as OpenLineage sees it: a job reading input datasets and writing one output. */
export interface RunEventInput {
  /** The run's id: a UUID, the same for the START and the COMPLETE or FAIL event. */
  readonly runId: string;
  readonly job: { readonly namespace: string; readonly name: string };
  readonly eventTime: Date | string;
  /** URI of the software emitting the event, e.g. ldp's repository at its version. */
  readonly producer: string;
  readonly inputs: readonly LineageDataset[];
  readonly output: LineageDataset;
  /** Column edges of the output's node (other nodes' edges are ignored). */
  readonly columnLineage: readonly ColumnLineageEdge[];
  /** The compiled SQL, for the `sql` job facet. */
  readonly sql?: string;
  /** Integration-specific job type (`MODEL`, `SEED`…), for the `jobType` job facet. */
  readonly jobType?: string;
}

/** Which transition the event reports; a failure carries its message. */
export type RunState =
  | { readonly eventType: 'START' }
  | { readonly eventType: 'COMPLETE' }
  | {
      readonly eventType: 'FAIL';
      readonly error: { readonly message: string; readonly stackTrace?: string };
    };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An OpenLineage `RunEvent` for one node's run: input datasets with their `schema` facet, the
 * output with `schema` and `columnLineage`, and for FAIL an `errorMessage` run facet. Pure.
 */
export function buildRunEvent(input: RunEventInput, state: RunState): RunEvent {
  const eventTime = checkedTime(input.eventTime);
  if (!UUID.test(input.runId))
    throw invalid(`run id '${input.runId}' is not a UUID`, 'OpenLineage run ids are UUIDs.');
  const producer = input.producer;
  const lineage = columnLineageFacet(producer, input.output, input.inputs, input.columnLineage);
  const base = dataset(producer, input.output);
  const output: Dataset = lineage ? { ...base, facets: { ...base.facets, columnLineage: lineage } } : base;
  return {
    eventType: state.eventType,
    eventTime,
    run: { runId: input.runId, facets: runFacets(producer, state) },
    job: { namespace: input.job.namespace, name: input.job.name, facets: jobFacets(producer, input) },
    inputs: input.inputs.map((d) => dataset(producer, d)),
    outputs: [output],
    producer,
    schemaURL: RUN_EVENT_SCHEMA_URL,
  };
}

function dataset(producer: string, d: LineageDataset): Dataset {
  const fields = d.fields.map((f) => ({
    name: f.name,
    ...(f.type === undefined ? {} : { type: f.type }),
    ...(f.description ? { description: f.description } : {}),
  }));
  return {
    namespace: d.namespace,
    name: d.name,
    facets: { schema: { _producer: producer, _schemaURL: SCHEMA_FACET_URL, fields } },
  };
}

function runFacets(producer: string, state: RunState): RunEvent['run']['facets'] {
  if (state.eventType !== 'FAIL') return {};
  return {
    errorMessage: {
      _producer: producer,
      _schemaURL: ERROR_MESSAGE_FACET_URL,
      message: state.error.message,
      // The failing code is the node's SQL, run by DuckDB.
      programmingLanguage: 'SQL',
      ...(state.error.stackTrace ? { stackTrace: state.error.stackTrace } : {}),
    },
  };
}

function jobFacets(producer: string, input: RunEventInput): RunEvent['job']['facets'] {
  return {
    ...(input.sql === undefined
      ? {}
      : { sql: { _producer: producer, _schemaURL: SQL_FACET_URL, query: input.sql, dialect: 'duckdb' } }),
    ...(input.jobType === undefined
      ? {}
      : {
          jobType: {
            _producer: producer,
            _schemaURL: JOB_TYPE_FACET_URL,
            processingType: 'BATCH' as const,
            integration: 'LDP',
            jobType: input.jobType,
          },
        }),
  };
}

function checkedTime(time: Date | string): string {
  const date = typeof time === 'string' ? new Date(time) : time;
  if (Number.isNaN(date.getTime())) {
    throw invalid(`event time '${String(time)}' is not a date`, 'Give a Date or an ISO 8601 timestamp.');
  }
  return date.toISOString();
}

function invalid(message: string, hint: string): LdpError {
  return new LdpError({ code: 'LDP714', message: `OpenLineage event: ${message}`, hint });
}
