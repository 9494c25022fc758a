import { join } from 'node:path';
import { compileInline } from '../compile/compile-inline.js';
import {
  type CompiledSelection,
  cachedCompile,
  compileNodes,
  earlyTemplateWorkers,
  startManifest,
  writeCompileArtifacts,
} from '../compile/compile-nodes.js';
import type { CompileThreads, TemplateWorkers } from '../compile/compile-workers.js';
import { renderReadingWarehouse } from '../compile/render-with-warehouse.js';
import { checkDeferOptions } from '../session/defer-options.js';
import type { ProjectOptions, SelectionOptions } from '../session/options.js';
import { type ParsedProject, parse } from '../session/parse.js';
import { selectForCommand } from '../session/select.js';

export interface CompileResult {
  readonly parsed: ParsedProject;
  /** The compiled nodes; `reused` are those taken from the compile cache, not rendered. */
  readonly compiled: CompiledSelection;
  /** The rendered SQL of `--inline`, when given. */
  readonly inlineSql?: string;
}

/**
 * `ldp compile`: renders the selected nodes and writes each to
 * `target/compiled/<project>/<original path>` (incremental models also to `<name>.incremental.sql`).
 */
export async function compile(
  options: ProjectOptions &
    SelectionOptions & {
      inline?: string;
      /** How large compiles use worker threads (defaults suit the machine). */
      compileWorkers?: CompileThreads;
    },
): Promise<CompileResult> {
  checkDeferOptions(options);
  let early: TemplateWorkers | undefined;
  try {
    const parsed = await parse({
      ...options,
      // A project parsed in full is then rendered in full: its templates compile on another
      // thread meanwhile. (An unchanged one renders nothing: its compiled SQL is cached; after a
      // partial parse, only what the change reaches renders.)
      onLoaded: (loaded) => {
        if (options.inline === undefined && loaded.cached === 'none' && selectsEverything(options))
          early = earlyTemplateWorkers(loaded, options.compileWorkers);
      },
    });
    return await compileParsed(parsed, options, early);
  } finally {
    early?.stop();
  }
}

async function compileParsed(
  parsed: ParsedProject,
  options: SelectionOptions & { inline?: string; clock?: () => Date; compileWorkers?: CompileThreads },
  early: TemplateWorkers | undefined,
): Promise<CompileResult> {
  if (options.inline !== undefined) {
    const sql = compileInline(parsed, options.inline);
    parsed.reporter.report({ kind: 'output', text: sql });
    return {
      parsed,
      compiled: { manifest: parsed.manifest, nodes: new Map(), reused: new Set() },
      inlineSql: sql,
    };
  }
  const everything = selectsEverything(options);
  parsed.templates.facts.command = 'compile';
  const clock = options.clock ?? (() => new Date());
  const manifest = startManifest(parsed, clock());
  // Selecting reads the manifest: an unchanged project answered from the compile cache never does.
  let selected: string[] | undefined;
  const selection = () => {
    selected ??= selectForCommand(parsed, options);
    return selected;
  };
  const compiled = await renderReadingWarehouse(
    parsed,
    (everything ? cachedCompile(parsed) : undefined) ??
      (await compileNodes(parsed, selection(), {
        threads: options.compileWorkers,
        early,
        selection: everything ? 'all' : 'some',
      })),
    // As in a run: unselected parents this warehouse lacks are read from --state's relations.
    // (Loaded only when that pass runs: a plain compile never loads DuckDB.)
    {
      deferred: options.defer === true && options.state !== undefined,
      prepare: async (session) => {
        const { deferParentsOf } = await import('../run/defer.js');
        await deferParentsOf(session, parsed, new Set(selection()), session.catalog, options);
      },
    },
  );
  await writeCompileArtifacts(parsed, compiled, clock(), {
    minFilesForWriter: options.compileWorkers?.minFilesForWriter,
    manifest,
  });
  parsed.reporter.report({
    kind: 'info',
    message: `Compiled ${compiled.nodes.size} nodes to ${join(parsed.project.config.targetPath, 'compiled')}`,
  });
  return { parsed, compiled };
}

/** No `--select`, `--exclude` or `--selector`: every node. */
function selectsEverything(options: SelectionOptions): boolean {
  return !options.select?.length && !options.exclude?.length && !options.selector;
}
