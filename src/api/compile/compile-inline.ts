import { compileNode } from '../../compile/compile-node.js';
import { CompileScope } from '../../compile/compile-scope.js';
import { LdpError } from '../../errors/index.js';
import { buildManifest } from '../../graph/build-manifest.js';
import type { Manifest } from '../../model/manifest.js';
import type { AnalysisNode } from '../../model/node.js';
import { captureCalls } from '../../parse/capture.js';
import type { ParsedProject } from '../session/parse.js';

const INLINE_FILE = '<inline>';

/** Ad-hoc SQL compiled as a node of the project, with the manifest that holds it. */
export interface CompiledInline {
  readonly sql: string;
  /** The project's manifest plus the inline node (its parents are what the SQL reads). */
  readonly manifest: Manifest;
  readonly uniqueId: string;
}

/**
 * Compiles ad-hoc SQL (`--inline`, `ldp show --inline`) as if it were an analysis of the project:
 * its refs and sources resolve like a model's, ephemeral models included.
 */
export function compileInline(parsed: ParsedProject, sql: string): string {
  return compileInlineNode(parsed, sql).sql;
}

/** `compileInline`, also returning the manifest, so callers can see which relations the SQL reads. */
export function compileInlineNode(parsed: ParsedProject, sql: string): CompiledInline {
  const captured = captureCalls(
    INLINE_FILE,
    sql,
    new Set([...parsed.manifest.macros.values()].map((macro) => macro.name)),
    (recorder) => parsed.templates.captureRender({ path: INLINE_FILE, text: sql }, recorder, {}),
  );
  const node: AnalysisNode = {
    resourceType: 'analysis',
    uniqueId: `analysis.${parsed.project.config.name}.__inline__`,
    name: '__inline__',
    packageName: parsed.project.config.name,
    originalFilePath: INLINE_FILE,
    path: INLINE_FILE,
    fqn: [parsed.project.config.name, '__inline__'],
    description: '',
    tags: [],
    meta: {},
    span: { file: INLINE_FILE, line: 1, col: 1 },
    rawSql: sql,
    checksum: '',
    config: {
      enabled: true,
      materialized: 'view',
      tags: [],
      meta: {},
      pre_hook: [],
      post_hook: [],
      on_schema_change: 'ignore',
      extra: {},
    },
    refs: captured.refs,
    sources: captured.sources,
    macros: [],
    columns: {},
  };
  const { manifest, diagnostics } = buildManifest({
    projectName: parsed.project.config.name,
    nodes: [...parsed.manifest.nodes.values(), node],
    disabled: new Set(),
    macros: [...parsed.manifest.macros.values()],
    docs: [...parsed.manifest.docs.values()],
    layers: parsed.project.config.layers,
    enforceLayerOrder: false,
  });
  const inlineErrors = diagnostics.errors.filter((error) => error.span?.file === INLINE_FILE);
  if (inlineErrors.length > 0) throw new LdpError({ ...inlineErrors[0]!.toInit() });
  const scope = new CompileScope(manifest, parsed.templates.engine, parsed.templates.base);
  return {
    sql: compileNode(node, scope, INLINE_FILE, new Map()).sql,
    manifest,
    uniqueId: node.uniqueId,
  };
}
