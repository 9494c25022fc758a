/** The OpenLineage JSON shapes ldp emits (spec 2-0-2), and the schema URLs of each part. */

export const RUN_EVENT_SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
/** Schema URLs of the facets, at the versions whose fields ldp writes. */
export const SCHEMA_FACET_URL =
  'https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet';
export const COLUMN_LINEAGE_FACET_URL =
  'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet';
export const ERROR_MESSAGE_FACET_URL =
  'https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet';
export const SQL_FACET_URL = 'https://openlineage.io/spec/facets/1-1-0/SQLJobFacet.json#/$defs/SQLJobFacet';
export const JOB_TYPE_FACET_URL =
  'https://openlineage.io/spec/facets/2-0-3/JobTypeJobFacet.json#/$defs/JobTypeJobFacet';

/** The run transitions ldp reports (the spec also has RUNNING, ABORT and OTHER). */
export type RunEventType = 'START' | 'COMPLETE' | 'FAIL';

/** `_producer` and `_schemaURL`, which every facet carries. */
export interface BaseFacet {
  readonly _producer: string;
  readonly _schemaURL: string;
}

/** One column of a dataset. */
export interface SchemaFacetField {
  readonly name: string;
  readonly type?: string;
  readonly description?: string;
}

/** `schema` dataset facet: the dataset's columns. */
export interface SchemaFacet extends BaseFacet {
  readonly fields: readonly SchemaFacetField[];
}

/** How an input field reaches an output field: DIRECT (IDENTITY, TRANSFORMATION, AGGREGATION) or INDIRECT (FILTER, JOIN). */
export interface Transformation {
  readonly type: 'DIRECT' | 'INDIRECT';
  readonly subtype: 'IDENTITY' | 'TRANSFORMATION' | 'AGGREGATION' | 'FILTER' | 'JOIN';
}

/** An input column an output column depends on, and how. */
export interface InputField {
  readonly namespace: string;
  readonly name: string;
  readonly field: string;
  readonly transformations: readonly Transformation[];
}

/** `columnLineage` dataset facet: output column → input columns. */
export interface ColumnLineageFacet extends BaseFacet {
  readonly fields: Readonly<Record<string, { readonly inputFields: readonly InputField[] }>>;
  /** Fields that influence every output field (row filters, join keys). */
  readonly dataset?: readonly InputField[];
}

/** `errorMessage` run facet of a FAIL event. */
export interface ErrorMessageFacet extends BaseFacet {
  readonly message: string;
  readonly programmingLanguage: string;
  readonly stackTrace?: string;
}

/** An input or output dataset with its facets. */
export interface Dataset {
  readonly namespace: string;
  readonly name: string;
  readonly facets: {
    readonly schema?: SchemaFacet;
    readonly columnLineage?: ColumnLineageFacet;
  };
}

/** An OpenLineage `RunEvent` as ldp emits it. */
export interface RunEvent {
  readonly eventType: RunEventType;
  readonly eventTime: string;
  readonly run: { readonly runId: string; readonly facets: { readonly errorMessage?: ErrorMessageFacet } };
  readonly job: {
    readonly namespace: string;
    readonly name: string;
    readonly facets: {
      readonly sql?: BaseFacet & { readonly query: string; readonly dialect: string };
      readonly jobType?: BaseFacet & {
        readonly processingType: 'BATCH';
        readonly integration: string;
        readonly jobType: string;
      };
    };
  };
  readonly inputs: readonly Dataset[];
  readonly outputs: readonly Dataset[];
  readonly producer: string;
  readonly schemaURL: string;
}
