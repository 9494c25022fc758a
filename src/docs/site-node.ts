import { assertNever } from '../errors/index.js';
import type {
  ColumnInfo,
  ExposureNode,
  GraphNode,
  ModelNode,
  Relation,
  SeedNode,
  SnapshotNode,
  SourceNode,
  TestNode,
} from '../model/node.js';
import { sourceTableName } from '../model/source-name.js';
import type { DocsInput, DocsLineageColumn } from './docs-input.js';
import { renderMarkdown } from './markdown.js';
import { siteColumns } from './site-columns.js';
import type { SiteColumn, SiteNode, SiteNodeType } from './site-data.js';
import { siteTable } from './site-table.js';
import { siteTestInfo, type TestIndex } from './site-tests.js';

/** The nodes the site documents. */
export type DocumentedNode = ModelNode | SourceNode | SeedNode | SnapshotNode | TestNode | ExposureNode;

/** Everything a node's page needs besides the node itself. */
export interface NodeContext {
  readonly input: DocsInput;
  readonly indexOf: ReadonlyMap<string, number>;
  readonly tests: TestIndex;
  readonly lineageColumns: ReadonlyMap<string, readonly DocsLineageColumn[]>;
}

/** Whether the site documents a node: analyses and unit tests have no page. */
export function isDocumented(node: GraphNode): node is DocumentedNode {
  switch (node.resourceType) {
    case 'model':
    case 'source':
    case 'seed':
    case 'snapshot':
    case 'test':
    case 'exposure':
      return true;
    case 'analysis':
    case 'unit_test':
      return false;
    default:
      return assertNever(node, 'resource type');
  }
}

/** A node as its page and the search list show it. */
/** dbt's `docs: {show: false}`: the node stays out of the site, its pages and its graph. */
export function hiddenInDocs(node: GraphNode): boolean {
  return 'config' in node && (node.config as { docs?: { show?: boolean } }).docs?.show === false;
}

/**
 * `docs: {node_color: …}`: a CSS colour name or hex code, as dbt accepts; anything else is
 * left out, since the value ends up in the page's markup.
 */
function nodeColor(node: GraphNode): string | undefined {
  const color =
    'config' in node ? (node.config as { docs?: { node_color?: string } }).docs?.node_color : undefined;
  return color !== undefined && /^(#[0-9a-fA-F]{3,8}|[a-zA-Z]+)$/.test(color) ? color : undefined;
}

export function siteNode(node: DocumentedNode, ctx: NodeContext): SiteNode {
  const { columns = [], unmatchedTests = [], ...specific } = kindFields(node, ctx);
  const label = labelOf(node);
  const searchText = [label, node.name, node.description, node.originalFilePath, specific.layer ?? '']
    .concat(
      node.tags,
      columns.map((c) => c.name),
    )
    .join(' ')
    .toLowerCase();
  const tests = [...(ctx.tests.byNode.get(node.uniqueId) ?? []), ...unmatchedTests].sort((a, b) => a - b);
  return {
    id: node.uniqueId,
    type: node.resourceType satisfies SiteNodeType,
    name: node.name,
    label,
    descriptionHtml: renderMarkdown(node.description),
    searchText,
    filePath: node.originalFilePath,
    tags: node.tags,
    ...(nodeColor(node) ? { color: nodeColor(node)! } : {}),
    ...specific,
    columns,
    tests,
  };
}

/** The fields that depend on the kind of node; tests on unknown columns join the node's tests. */
type KindFields = Partial<Omit<SiteNode, 'id' | 'type' | 'name' | 'label' | 'columns' | 'tests'>> & {
  readonly columns?: readonly SiteColumn[];
  readonly unmatchedTests?: readonly number[];
};

function kindFields(node: DocumentedNode, ctx: NodeContext): KindFields {
  switch (node.resourceType) {
    case 'model':
      return {
        ...optional('layer', node.layer),
        materialized: node.config.materialized,
        ...(node.config.materialized === 'ephemeral' ? {} : { relation: relationName(node.relation) }),
        ...sqlFields(node, ctx),
        ...columnFields(node, ctx),
      };
    case 'snapshot':
      return {
        ...optional('layer', node.layer),
        materialized: 'snapshot',
        relation: relationName(node.relation),
        ...sqlFields(node, ctx),
        ...columnFields(node, ctx),
      };
    case 'seed':
      return {
        ...optional('layer', node.layer),
        materialized: 'seed',
        relation: relationName(node.relation),
        ...columnFields(node, ctx),
      };
    case 'source':
      return { relation: relationName(node.relation), source: sourceInfo(node), ...columnFields(node, ctx) };
    case 'test':
      return {
        materialized: 'test',
        ...sqlFields(node, ctx),
        test: siteTestInfo(node, ctx.indexOf, ctx.input.testResults?.get(node.uniqueId)),
      };
    case 'exposure':
      return { exposure: exposureInfo(node) };
    default:
      return assertNever(node, 'resource type');
  }
}

function sqlFields(node: ModelNode | SnapshotNode | TestNode, ctx: NodeContext): KindFields {
  return { rawSql: node.rawSql, ...optional('compiledSql', ctx.input.compiledSql?.get(node.uniqueId)) };
}

function columnFields(
  node: { readonly uniqueId: string; readonly columns: Readonly<Record<string, ColumnInfo>> },
  ctx: NodeContext,
): KindFields {
  const table = ctx.input.tables?.get(node.uniqueId);
  const { columns, unmatchedTests } = siteColumns({
    documented: node.columns,
    table: table?.columns,
    lineage: ctx.lineageColumns.get(node.uniqueId),
    tests: ctx.tests.byColumn.get(node.uniqueId),
  });
  return { columns, unmatchedTests, ...(table ? { table: siteTable(table) } : {}) };
}

function sourceInfo(node: SourceNode): SiteNode['source'] {
  return {
    sourceName: node.sourceName,
    sourceDescriptionHtml: renderMarkdown(node.sourceDescription),
    ...optional('loadedAtField', node.loadedAtField),
  };
}

function exposureInfo(node: ExposureNode): SiteNode['exposure'] {
  const { name, email } = node.owner;
  const owner = name && email ? `${name} <${email}>` : (name ?? email);
  return {
    exposureType: node.exposureType,
    ...optional('maturity', node.maturity),
    ...optional('url', node.url),
    ...optional('owner', owner),
  };
}

function labelOf(node: DocumentedNode): string {
  if (node.resourceType === 'source') return sourceTableName(node);
  if (node.resourceType === 'model' && node.version !== undefined) return `${node.name} v${node.version}`;
  return node.name;
}

function relationName(relation: Relation): string {
  return [relation.database, relation.schema, relation.identifier].filter(Boolean).join('.');
}

/** `{ key: value }` when the value is present, `{}` otherwise: absent fields stay out of the JSON. */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
