import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { nodeCompiler } from '../../compile/compile-graph.js';
import { Diagnostics, LdpError } from '../../errors/index.js';
import type { CompiledNode } from '../../model/compiled-node.js';
import type { GraphNode } from '../../model/node.js';
import type { ParsedProject } from '../session/parse.js';
import type { TemplateCodes } from '../session/template-codes.js';
import {
  MAIN,
  type TemplateWorkerData,
  type TemplateWorkerMessage,
  UNCLAIMED,
} from './compile-worker-protocol.js';
import { compiledPathIn, fixtureFilesOf } from './compiled-paths.js';
import { workerScript } from './worker-script.js';

/** How a compile uses worker threads. */
export interface CompileThreads {
  /** Worker threads besides the main one (default: one less than the cores, at most 3). */
  readonly workers?: number;
  /**
   * The fewest templates to compile that are worth a worker: a worker needs tens of
   * milliseconds to start (default 300).
   */
  readonly minTemplates?: number;
  /** Leave every template to the workers (the main thread only renders): for tests. */
  readonly workersOnly?: boolean;
  /** The fewest compiled files worth writing on a worker thread (see `writeFilesInBackground`). */
  readonly minFilesForWriter?: number;
}

/** What `compileInThreads` compiled, in `ids` order, and how many templates workers compiled. */
export interface ThreadedCompile {
  readonly nodes: Map<string, CompiledNode>;
  readonly diagnostics: Diagnostics;
  /** The error of each node that failed to render, by unique id. */
  readonly failed: Map<string, LdpError>;
  readonly templatesFromWorkers: number;
}

const MAX_WORKERS = 3;

/**
 * Compiles `ids` in order on this thread, while worker threads compile templates (lexing,
 * parsing and generating a template's JavaScript costs more than rendering it). Each template
 * is compiled once, by whichever thread claims it first; rendering, and so every result, error
 * and message, stays on this thread. `early` are workers started during the parse (see
 * `startTemplateWorkers`); without them, workers start here when there is enough to compile.
 */
export async function compileInThreads(
  parsed: ParsedProject,
  ids: readonly string[],
  threads: CompileThreads = {},
  early?: TemplateWorkers,
): Promise<ThreadedCompile> {
  const compileOne = nodeCompiler({
    manifest: parsed.manifest,
    renderer: parsed.templates.engine,
    baseContext: parsed.templates.base,
    compiledPathOf: (node) => compiledPathIn(parsed.project.config, node),
    fixtureFiles: fixtureFilesOf(parsed.project.files),
  });
  const nodes = new Map<string, CompiledNode>();
  const diagnostics = new Diagnostics();
  const failed = new Map<string, LdpError>();
  const pool =
    early ?? startTemplateWorkers(templateTexts(parsed, ids), parsed.templates.codes, threads, 'backward');
  try {
    // What workers sent while this thread was busy.
    if (pool) await (threads.workersOnly ? pool.finished() : new Promise((resolve) => setImmediate(resolve)));
    for (const id of ids) {
      const text = templateText(parsed.manifest.nodes.get(id));
      const wait = pool && text !== undefined ? pool.claim(text) : undefined;
      if (wait) await wait;
      try {
        const compiled = compileOne(id);
        if (compiled) nodes.set(id, compiled);
      } catch (error) {
        if (!(error instanceof LdpError)) throw error;
        diagnostics.error(error);
        failed.set(id, error);
      }
    }
  } finally {
    pool?.stop();
  }
  return { nodes, diagnostics, failed, templatesFromWorkers: pool?.delivered ?? 0 };
}

/** The template a node renders from, if it has its own (generic tests call their macro). */
function templateText(node: GraphNode | undefined): string | undefined {
  if (!node || !('rawSql' in node)) return undefined;
  return node.resourceType === 'test' && node.testType === 'generic' ? undefined : node.rawSql;
}

/** Distinct templates the nodes render from, in the order they are needed, without known code. */
function templateTexts(parsed: ParsedProject, ids: readonly string[]): string[] {
  const texts = new Set<string>();
  for (const id of ids) {
    const text = templateText(parsed.manifest.nodes.get(id));
    if (text !== undefined && !parsed.templates.codes.has(text)) texts.add(text);
  }
  return [...texts];
}

/**
 * Starts workers compiling `texts` (those `codes` does not know), or none when there are too few
 * to be worth a thread. Stop them when done: a running worker keeps the process alive.
 */
export function startTemplateWorkers(
  texts: readonly string[],
  codes: TemplateCodes,
  threads: CompileThreads = {},
  direction: TemplateWorkerData['direction'] = 'forward',
): TemplateWorkers | undefined {
  const todo = texts.filter((text) => !codes.has(text));
  const minTemplates = threads.minTemplates ?? 300;
  if (todo.length < minTemplates) return undefined;
  const wanted = threads.workers ?? Math.min(MAX_WORKERS, availableParallelism() - 1);
  const count = Math.max(0, Math.min(wanted, Math.floor(todo.length / minTemplates)));
  return count > 0 ? new TemplateWorkers(todo, codes, count, direction) : undefined;
}

/** Worker threads compiling templates, and the texts each side has claimed. */
export class TemplateWorkers {
  private readonly claims: Int32Array;
  private readonly positions = new Map<string, number>();
  private readonly waiting = new Map<number, () => void>();
  /** Texts a worker could not compile: this thread compiles them, and reports why. */
  private readonly failed = new Set<number>();
  private readonly workers: Worker[];
  private running: number;
  private whenFinished: (() => void) | undefined;
  delivered = 0;

  constructor(
    private readonly texts: readonly string[],
    private readonly codes: TemplateCodes,
    count: number,
    direction: TemplateWorkerData['direction'],
  ) {
    for (const [index, text] of texts.entries()) this.positions.set(text, index);
    this.claims = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, texts.length)));
    this.running = count;
    this.workers = Array.from({ length: count }, (_, n) => this.start(MAIN + 1 + n, direction));
  }

  /**
   * Before this thread renders from `text`: claims it (this thread compiles it), or, when a
   * worker claimed it first, waits for its code (or for the worker to stop).
   */
  claim(text: string): Promise<void> | undefined {
    const index = this.positions.get(text);
    if (index === undefined || this.failed.has(index) || this.codes.has(text)) return undefined;
    if (Atomics.compareExchange(this.claims, index, UNCLAIMED, MAIN) === UNCLAIMED) return undefined;
    if (Atomics.load(this.claims, index) === MAIN || this.running === 0) return undefined;
    return new Promise((resolve) => this.waiting.set(index, resolve));
  }

  /** Resolves when every worker has stopped. */
  finished(): Promise<void> {
    return this.running === 0 ? Promise.resolve() : new Promise((resolve) => (this.whenFinished = resolve));
  }

  stop(): void {
    for (const worker of this.workers) void worker.terminate();
  }

  private start(claimant: number, direction: TemplateWorkerData['direction']): Worker {
    const data: TemplateWorkerData = {
      texts: this.texts,
      claims: this.claims.buffer as SharedArrayBuffer,
      claimant,
      direction,
    };
    const worker = new Worker(workerScript('compile-worker'), { workerData: data });
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      this.running--;
      if (this.running > 0) return;
      // No code will come any more: whoever waits compiles the text itself.
      for (const resolve of this.waiting.values()) resolve();
      this.waiting.clear();
      this.whenFinished?.();
    };
    worker.on('message', (message: TemplateWorkerMessage) => {
      if (message.kind === 'done') return end();
      for (const [index, code] of message.codes) {
        if (code === null) this.failed.add(index);
        else {
          this.codes.add(this.texts[index]!, code);
          this.delivered++;
        }
        this.waiting.get(index)?.();
        this.waiting.delete(index);
      }
    });
    worker.on('error', end);
    worker.on('exit', end);
    return worker;
  }
}
