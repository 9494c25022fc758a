/**
 * A compile worker thread: it reads the manifest from the parse cache the main thread validated,
 * builds the project's template engine, and compiles positions of the shared id list until none
 * is left, posting each chunk's results. See `compile-workers.ts` for the main thread's side.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { nodeCompiler } from '../compile/compile-graph.js';
import { LdpError } from '../errors/index.js';
import type { CompileWorkerData, CompileWorkerMessage, WorkerOutcome } from './compile-worker-protocol.js';
import { compiledPathIn, fixtureFilesOf } from './compiled-paths.js';
import { readCachedManifest, recordingEnv } from './partial-parse.js';
import { projectTemplates } from './project-templates.js';

function run(data: CompileWorkerData, post: (message: CompileWorkerMessage) => void): void {
  const manifest = readCachedManifest(data.parseCache.path, data.parseCache.inputs);
  if (manifest === undefined) {
    post({ kind: 'unavailable', reason: `cannot read ${data.parseCache.path}` });
    return;
  }
  let messages: string[] = [];
  const { env, reads } = recordingEnv(data.env);
  const templates = projectTemplates(data.project, {
    invocationId: data.invocationId,
    runStartedAt: new Date(data.startedAt),
    env,
    // As the main thread reports them (see `parse`).
    onWarn: (warning) => messages.push(`warning: ${String(warning)}`),
    onLog: (text) => messages.push(text),
  });
  const posted = new Set<string>();
  const compileOne = nodeCompiler({
    manifest,
    renderer: templates.engine,
    baseContext: templates.base,
    compiledPathOf: (node) => compiledPathIn(data.project.config, node),
    fixtureFiles: fixtureFilesOf(data.project.files),
  });
  const counter = new Int32Array(data.counter);
  for (;;) {
    const start = Atomics.add(counter, 0, data.chunk);
    if (start >= data.ids.length) break;
    const outcomes: WorkerOutcome[] = [];
    for (let index = start; index < Math.min(start + data.chunk, data.ids.length); index++) {
      try {
        const compiled = compileOne(data.ids[index]!);
        outcomes.push(compiled ? { index, compiled } : { index });
      } catch (error) {
        if (!(error instanceof LdpError)) throw error;
        outcomes.push({ index, error: error.toInit() });
      }
    }
    const envReads = [...reads.keys()].filter((name) => !posted.has(name));
    for (const name of envReads) posted.add(name);
    post({ kind: 'results', outcomes, messages, envReads });
    messages = [];
  }
  post({ kind: 'done' });
}

const port = parentPort;
if (port) {
  try {
    run(workerData as CompileWorkerData, (message) => port.postMessage(message));
  } catch (error) {
    port.postMessage({ kind: 'failed', message: String(error) } satisfies CompileWorkerMessage);
  }
}
