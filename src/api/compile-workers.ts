import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { nodeCompiler } from '../compile/compile-graph.js';
import { Diagnostics, LdpError } from '../errors/index.js';
import type { CompiledNode } from '../model/compiled-node.js';
import type { CompileWorkerData, CompileWorkerMessage } from './compile-worker-protocol.js';
import { compiledPathIn, fixtureFilesOf } from './compiled-paths.js';
import type { ParsedProject } from './parse.js';
import { parseCachePath } from './partial-parse.js';

/** How a compile spreads its renders over worker threads. */
export interface CompileThreads {
  /** Worker threads besides the main one (default: one less than the cores, at most 3). */
  readonly workers?: number;
  /**
   * The least work worth a worker, in template renders (a generic test counts a tenth): a worker
   * needs a few hundred milliseconds to start and read the manifest (default 1,500).
   */
  readonly minWork?: number;
  /** Leave every render to the workers (the main thread only waits): for tests of the worker path. */
  readonly workersOnly?: boolean;
}

/** What `compileInThreads` compiled, in `ids` order, and how many positions workers compiled. */
export interface ThreadedCompile {
  readonly nodes: Map<string, CompiledNode>;
  readonly diagnostics: Diagnostics;
  readonly compiledOnWorkers: number;
}

/** Positions a thread takes at a time: small enough to balance, large enough to post rarely. */
const CHUNK = 32;
const MAX_WORKERS = 3;

type Outcome = { readonly compiled: CompiledNode | undefined } | { readonly error: LdpError };

/**
 * Compiles `ids` on this thread and, for large compiles, on worker threads too: every thread
 * takes the next chunk of positions from a shared counter until none is left, so the main
 * thread starts at once and workers join when they are ready. Results, errors and template
 * messages come back in `ids` order, as a single-threaded compile gives them.
 */
export async function compileInThreads(
  parsed: ParsedProject,
  ids: readonly string[],
  threads: CompileThreads = {},
): Promise<ThreadedCompile> {
  const compileOne = nodeCompiler({
    manifest: parsed.manifest,
    renderer: parsed.templates.engine,
    baseContext: parsed.templates.base,
    compiledPathOf: (node) => compiledPathIn(parsed.project.config, node),
    fixtureFiles: fixtureFilesOf(parsed.project.files),
  });
  const outcomes: (Outcome | undefined)[] = new Array(ids.length);
  const compileAt = (index: number) => {
    try {
      outcomes[index] = { compiled: compileOne(ids[index]!) };
    } catch (error) {
      if (!(error instanceof LdpError)) throw error;
      outcomes[index] = { error };
    }
  };
  const workers = workerCount(parsed, ids, threads);
  if (workers === 0) {
    for (let index = 0; index < ids.length; index++) compileAt(index);
    return collect(ids, outcomes, 0);
  }
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const pool = new WorkerPool(parsed, ids, counter, workers, outcomes);
  let compiledHere = 0;
  try {
    while (!threads.workersOnly) {
      const start = Atomics.add(counter, 0, CHUNK);
      if (start >= ids.length) break;
      const end = Math.min(start + CHUNK, ids.length);
      for (let index = start; index < end; index++) compileAt(index);
      compiledHere += end - start;
    }
    await pool.settled(ids.length - compiledHere);
  } finally {
    pool.stop();
  }
  const fromWorkers = pool.receivedCount;
  // Positions a worker took but did not finish (it failed): compile them here.
  for (let index = 0; index < ids.length; index++) if (outcomes[index] === undefined) compileAt(index);
  return collect(ids, outcomes, fromWorkers);
}

function collect(
  ids: readonly string[],
  outcomes: readonly (Outcome | undefined)[],
  compiledOnWorkers: number,
): ThreadedCompile {
  const nodes = new Map<string, CompiledNode>();
  const diagnostics = new Diagnostics();
  outcomes.forEach((outcome, index) => {
    if (outcome === undefined) return;
    if ('error' in outcome) diagnostics.error(outcome.error);
    else if (outcome.compiled) nodes.set(ids[index]!, outcome.compiled);
  });
  return { nodes, diagnostics, compiledOnWorkers };
}

/** Workers pay off only for many template renders, and only with a spare core. */
function workerCount(parsed: ParsedProject, ids: readonly string[], threads: CompileThreads): number {
  const minWork = threads.minWork ?? 1_500;
  let work = 0;
  for (const id of ids) {
    const node = parsed.manifest.nodes.get(id);
    work += node?.resourceType === 'test' && node.testType === 'generic' ? 0.1 : 1;
  }
  const wanted = threads.workers ?? Math.min(MAX_WORKERS, availableParallelism() - 1);
  return work < minWork ? 0 : Math.max(0, Math.min(wanted, Math.floor(work / minWork)));
}

/** The worker threads of one compile and what they sent back. */
class WorkerPool {
  private readonly workers: Worker[];
  private running: number;
  private received = 0;
  private expected = Number.POSITIVE_INFINITY;
  private wake: (() => void) | undefined;

  constructor(
    private readonly parsed: ParsedProject,
    ids: readonly string[],
    counter: Int32Array,
    count: number,
    private readonly outcomes: (Outcome | undefined)[],
  ) {
    const data = workerData(parsed, ids, counter);
    this.running = count;
    this.workers = Array.from({ length: count }, () => {
      const worker = new Worker(workerScript(), { workerData: data });
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        this.running--;
        this.check();
      };
      worker.on('message', (message: CompileWorkerMessage) => {
        if (message.kind === 'results') this.receive(message);
        else end();
      });
      worker.on('error', end);
      worker.on('exit', end);
      // A worker must never keep the process alive, e.g. after an error on the main thread.
      worker.unref();
      return worker;
    });
  }

  /**
   * Resolves once the workers have sent `expected` outcomes (every position the main thread did
   * not compile), or have all stopped: a worker that was still starting is not waited for.
   */
  settled(expected: number): Promise<void> {
    this.expected = expected;
    return new Promise((resolve) => {
      this.wake = resolve;
      this.check();
    });
  }

  get receivedCount(): number {
    return this.received;
  }

  stop(): void {
    for (const worker of this.workers) void worker.terminate();
  }

  private receive(message: Extract<CompileWorkerMessage, { kind: 'results' }>): void {
    for (const outcome of message.outcomes) {
      this.outcomes[outcome.index] =
        'error' in outcome ? { error: new LdpError(outcome.error) } : { compiled: outcome.compiled };
    }
    this.received += message.outcomes.length;
    for (const text of message.messages) this.parsed.reporter.report({ kind: 'info', message: text });
    // Read here too, so the compile cache records what the worker's renders depended on.
    for (const name of message.envReads) void this.parsed.env[name];
    this.check();
  }

  private check(): void {
    if (this.wake && (this.received >= this.expected || this.running <= 0)) {
      this.wake();
      this.wake = undefined;
    }
  }
}

function workerData(parsed: ParsedProject, ids: readonly string[], counter: Int32Array): CompileWorkerData {
  return {
    parseCache: { path: parseCachePath(parsed.project), inputs: parsed.inputsFingerprint },
    project: {
      files: parsed.project.files.filter((file) => file.kind === 'macro' || file.kind === 'fixture'),
      target: parsed.project.target,
      vars: parsed.project.vars,
      config: { name: parsed.project.config.name, targetPath: parsed.project.config.targetPath },
    },
    invocationId: parsed.invocationId,
    startedAt: parsed.startedAt.toISOString(),
    env: { ...parsed.sourceEnv },
    ids,
    counter: counter.buffer as SharedArrayBuffer,
    chunk: CHUNK,
  };
}

/**
 * The worker's entry next to this module. From ldp's TypeScript sources (development and tests,
 * run under tsx) a worker thread must register tsx itself before importing a `.ts` entry.
 */
function workerScript(): URL {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new URL('./compile-worker.js', here);
  const entry = new URL('./compile-worker.ts', here).href;
  const boot = `import { register } from ${JSON.stringify(tsxApi())}; register(); await import(${JSON.stringify(entry)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
}

function tsxApi(): string {
  const packageJson = createRequire(import.meta.url).resolve('tsx/package.json');
  const exports = (
    JSON.parse(readFileSync(packageJson, 'utf8')) as {
      exports: Record<string, { import: { default: string } }>;
    }
  ).exports;
  return pathToFileURL(join(dirname(packageJson), exports['./esm/api']!.import.default)).href;
}
