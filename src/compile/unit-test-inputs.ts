import { didYouMeanHint, LdpError, type Span } from '../errors/index.js';
import type { Manifest } from '../model/manifest.js';
import type { ModelNode, RelationNode, SourceNode } from '../model/node.js';
import type { FixtureColumn } from '../model/unit-test.js';
import type { CompileScope } from './compile-scope.js';

/** What a unit test's `input:` names, before it is resolved. */
export type InputCall =
  | { readonly kind: 'ref'; readonly name: string; readonly package?: string; readonly version?: string }
  | { readonly kind: 'source'; readonly source: string; readonly table: string }
  | { readonly kind: 'this' };

const QUOTED = String.raw`\s*(?:'([^']*)'|"([^"]*)")\s*`;
const REF = new RegExp(
  String.raw`^\s*ref\(${QUOTED}(?:,${QUOTED})?(?:,\s*v(?:ersion)?\s*=\s*(?:'([^']*)'|"([^"]*)"|([\w.]+))\s*)?\)\s*$`,
);
const SOURCE = new RegExp(String.raw`^\s*source\(${QUOTED},${QUOTED}\)\s*$`);

/** `ref('x')`, `ref('pkg', 'x', v=2)`, `source('s', 't')` or `this`; undefined for anything else. */
export function parseInputCall(text: string): InputCall | undefined {
  if (text.trim() === 'this') return { kind: 'this' };
  const ref = REF.exec(text);
  if (ref) {
    const first = ref[1] ?? ref[2]!;
    const second = ref[3] ?? ref[4];
    const version = ref[5] ?? ref[6] ?? ref[7];
    return {
      kind: 'ref',
      name: second ?? first,
      ...(second !== undefined ? { package: first } : {}),
      ...(version !== undefined ? { version } : {}),
    };
  }
  const source = SOURCE.exec(text);
  if (source) return { kind: 'source', source: source[1] ?? source[2]!, table: source[3] ?? source[4]! };
  return undefined;
}

/** The node an input stands for: the model itself for `this`. */
export function resolveInputNode(
  call: InputCall,
  model: ModelNode,
  scope: CompileScope,
  span: Span,
  testName: string,
): RelationNode {
  switch (call.kind) {
    case 'this':
      return model;
    case 'ref': {
      const node = scope.refs.resolve(call.name, call.package, call.version);
      if (node) return node;
      throw unknownInput(
        `ref('${call.name}')`,
        testName,
        span,
        didYouMeanHint(call.name, scope.refs.names()),
      );
    }
    case 'source': {
      const node = sourceNode(scope.manifest, call.source, call.table);
      if (node) return node;
      const names = [...scope.manifest.nodes.values()].flatMap((n) =>
        n.resourceType === 'source' ? [`${n.sourceName}.${n.name}`] : [],
      );
      const hint = didYouMeanHint(`${call.source}.${call.table}`, names);
      throw unknownInput(`source('${call.source}', '${call.table}')`, testName, span, hint);
    }
  }
}

export function sourceNode(manifest: Manifest, source: string, table: string): SourceNode | undefined {
  const node = manifest.nodes.get(`source.${manifest.projectName}.${source}.${table}`);
  return node?.resourceType === 'source' ? node : undefined;
}

/** How an input is named in messages and compiled SQL comments. */
export function inputLabel(node: RelationNode, model: ModelNode): string {
  if (node === model) return 'this';
  return node.resourceType === 'source'
    ? `source('${node.sourceName}', '${node.name}')`
    : `ref('${node.name}')`;
}

/** The columns a node declares: properties `columns:` (with `data_type`), and a seed's `column_types`. */
export function declaredColumns(node: RelationNode): FixtureColumn[] {
  const seedTypes: Readonly<Record<string, string>> =
    node.resourceType === 'seed' ? (node.config.column_types ?? {}) : {};
  const columns = Object.values(node.columns).map((column) => {
    const type = column.dataType ?? seedTypes[column.name];
    return { name: column.name, ...(type ? { type } : {}) };
  });
  const named = new Set(columns.map((c) => c.name.toLowerCase()));
  for (const [name, type] of Object.entries(seedTypes)) {
    if (!named.has(name.toLowerCase())) columns.push({ name, type });
  }
  return columns;
}

/** The table an input becomes in the unit test's database, unique among `taken`. */
export function fixtureTableName(node: RelationNode, model: ModelNode, taken: Set<string>): string {
  const base =
    node === model
      ? '__ldp_input__this'
      : node.resourceType === 'source'
        ? `__ldp_input__${node.sourceName}__${node.name}`
        : `__ldp_input__${node.name}`;
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}_${i}`;
  taken.add(name.toLowerCase());
  return name;
}

function unknownInput(call: string, testName: string, span: Span, suggestion?: string): LdpError {
  return new LdpError({
    code: 'LDP611',
    message: `unit test '${testName}' gives input ${call}, which does not exist`,
    span,
    hint: suggestion ?? "Name an input as ref('model_name'), source('source_name', 'table_name') or this.",
  });
}
