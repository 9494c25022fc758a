import { describe, expect, it } from 'vitest';
import { LdpError } from '../../src/errors/index.js';
import {
  buildRunEvent,
  type ColumnLineageEdge,
  type LineageDataset,
  type RunEventInput,
} from '../../src/lineage/index.js';

const PRODUCER = 'https://example.com/ldp/0.1.0';
const RUN_ID = '0b9f6a52-3c1e-4d8a-9f3e-2a1b5c7d9e01';

const trips: LineageDataset = {
  nodeId: 'source.taxi.raw.trips',
  namespace: 'file:///warehouse',
  name: 'raw.trips',
  fields: [
    { name: 'fare', type: 'DOUBLE' },
    { name: 'pickup_zone', type: 'INTEGER' },
  ],
};
const zones: LineageDataset = {
  nodeId: 'model.taxi.zones',
  namespace: 'file:///warehouse',
  name: 'silver.zones',
  fields: [
    { name: 'zone_id', type: 'INTEGER' },
    { name: 'borough', type: 'VARCHAR', description: 'NYC borough' },
  ],
};
const fact: LineageDataset = {
  nodeId: 'model.taxi.fct_trips',
  namespace: 'file:///warehouse',
  name: 'gold.fct_trips',
  fields: [
    { name: 'fare', type: 'DOUBLE' },
    { name: 'borough', type: 'VARCHAR' },
  ],
};

const edge = (childColumn: string, parentId: string, parentColumn: string, kind: ColumnLineageEdge['kind']) =>
  ({ childId: fact.nodeId, childColumn, parentId, parentColumn, kind }) as const;

const input: RunEventInput = {
  runId: RUN_ID,
  job: { namespace: 'taxi', name: 'model.taxi.fct_trips' },
  eventTime: new Date('2024-05-01T12:00:00.000Z'),
  producer: PRODUCER,
  inputs: [trips, zones],
  output: fact,
  columnLineage: [
    edge('fare', trips.nodeId, 'fare', 'transform'),
    edge('fare', trips.nodeId, 'fare', 'filter'),
    edge('borough', zones.nodeId, 'borough', 'copy'),
    edge('fare', zones.nodeId, 'zone_id', 'join'),
    edge('borough', zones.nodeId, 'zone_id', 'join'),
    edge('fare', trips.nodeId, 'pickup_zone', 'join'),
    edge('borough', trips.nodeId, 'pickup_zone', 'join'),
    edge('borough', 'model.taxi.ephemeral_step', 'x', 'copy'),
    {
      childId: 'model.taxi.other',
      childColumn: 'y',
      parentId: trips.nodeId,
      parentColumn: 'fare',
      kind: 'copy',
    },
  ],
  sql: 'select 1',
  jobType: 'MODEL',
};

describe('OpenLineage run events', () => {
  it('builds a START event with the envelope the spec requires', () => {
    const event = buildRunEvent(input, { eventType: 'START' });
    expect(event.eventType).toBe('START');
    expect(event.eventTime).toBe('2024-05-01T12:00:00.000Z');
    expect(event.producer).toBe(PRODUCER);
    expect(event.schemaURL).toBe('https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent');
    expect(event.run).toEqual({ runId: RUN_ID, facets: {} });
    expect(event.job.namespace).toBe('taxi');
    expect(event.job.name).toBe('model.taxi.fct_trips');
    expect(event.job.facets.sql).toEqual({
      _producer: PRODUCER,
      _schemaURL: 'https://openlineage.io/spec/facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet',
      query: 'select 1',
      dialect: 'duckdb',
    });
    expect(event.job.facets.jobType).toEqual({
      _producer: PRODUCER,
      _schemaURL: 'https://openlineage.io/spec/facets/2-0-3/JobTypeJobFacet.json#/$defs/JobTypeJobFacet',
      processingType: 'BATCH',
      integration: 'LDP',
      jobType: 'MODEL',
    });
  });

  it('describes each input with a schema facet', () => {
    const event = buildRunEvent(input, { eventType: 'START' });
    expect(event.inputs.map((d) => [d.namespace, d.name])).toEqual([
      ['file:///warehouse', 'raw.trips'],
      ['file:///warehouse', 'silver.zones'],
    ]);
    expect(event.inputs[1]?.facets).toEqual({
      schema: {
        _producer: PRODUCER,
        _schemaURL:
          'https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet',
        fields: [
          { name: 'zone_id', type: 'INTEGER' },
          { name: 'borough', type: 'VARCHAR', description: 'NYC borough' },
        ],
      },
    });
    expect(event.inputs[0]?.facets.columnLineage).toBeUndefined();
  });

  it('gives the output its column lineage, with influences shared by all fields at dataset level', () => {
    const [output] = buildRunEvent(input, { eventType: 'COMPLETE' }).outputs;
    expect(output?.name).toBe('gold.fct_trips');
    expect(output?.facets.schema?.fields).toEqual([
      { name: 'fare', type: 'DOUBLE' },
      { name: 'borough', type: 'VARCHAR' },
    ]);
    const lineage = output?.facets.columnLineage;
    expect(lineage?._producer).toBe(PRODUCER);
    expect(lineage?._schemaURL).toBe(
      'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet',
    );
    expect(Object.keys(lineage?.fields ?? {})).toEqual(['fare', 'borough']);
    expect(lineage?.fields['fare']).toEqual({
      inputFields: [
        {
          namespace: 'file:///warehouse',
          name: 'raw.trips',
          field: 'fare',
          transformations: [{ type: 'INDIRECT', subtype: 'FILTER' }],
        },
        {
          namespace: 'file:///warehouse',
          name: 'raw.trips',
          field: 'fare',
          transformations: [{ type: 'DIRECT', subtype: 'TRANSFORMATION' }],
        },
      ],
    });
    expect(lineage?.fields['borough']).toEqual({
      inputFields: [
        {
          namespace: 'file:///warehouse',
          name: 'silver.zones',
          field: 'borough',
          transformations: [{ type: 'DIRECT', subtype: 'IDENTITY' }],
        },
      ],
    });
    expect(lineage?.dataset).toEqual([
      {
        namespace: 'file:///warehouse',
        name: 'raw.trips',
        field: 'pickup_zone',
        transformations: [{ type: 'INDIRECT', subtype: 'JOIN' }],
      },
      {
        namespace: 'file:///warehouse',
        name: 'silver.zones',
        field: 'zone_id',
        transformations: [{ type: 'INDIRECT', subtype: 'JOIN' }],
      },
    ]);
  });

  it('maps aggregates to DIRECT AGGREGATION and omits the facet when there is no lineage', () => {
    const aggregated = buildRunEvent(
      { ...input, columnLineage: [edge('fare', trips.nodeId, 'fare', 'aggregate')] },
      { eventType: 'COMPLETE' },
    );
    const inputField = aggregated.outputs[0]?.facets.columnLineage?.fields['fare']?.inputFields[0];
    expect(inputField?.transformations).toEqual([{ type: 'DIRECT', subtype: 'AGGREGATION' }]);
    expect(aggregated.outputs[0]?.facets.columnLineage?.dataset).toBeUndefined();
    const bare = buildRunEvent({ ...input, columnLineage: [] }, { eventType: 'START' });
    expect(bare.outputs[0]?.facets.columnLineage).toBeUndefined();
  });

  it('adds an errorMessage run facet to FAIL events only', () => {
    const failed = buildRunEvent(input, {
      eventType: 'FAIL',
      error: { message: 'Binder Error: column "x" not found', stackTrace: 'at model fct_trips' },
    });
    expect(failed.eventType).toBe('FAIL');
    expect(failed.run.facets.errorMessage).toEqual({
      _producer: PRODUCER,
      _schemaURL:
        'https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet',
      message: 'Binder Error: column "x" not found',
      programmingLanguage: 'SQL',
      stackTrace: 'at model fct_trips',
    });
    expect(buildRunEvent(input, { eventType: 'COMPLETE' }).run.facets).toEqual({});
  });

  it('serializes to plain JSON without undefined values', () => {
    const event = buildRunEvent({ ...input, sql: undefined, jobType: undefined }, { eventType: 'START' });
    expect(JSON.parse(JSON.stringify(event))).toEqual(event);
    expect(event.job.facets).toEqual({});
  });

  it('refuses a run id that is not a UUID and a time that is not a date', () => {
    for (const bad of [{ runId: 'run-1' }, { eventTime: 'yesterday' }]) {
      let error: unknown;
      try {
        buildRunEvent({ ...input, ...bad }, { eventType: 'START' });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(LdpError);
      expect((error as LdpError).code).toBe('LDP714');
    }
  });
});
