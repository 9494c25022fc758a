/**
 * A template worker thread: it compiles template texts to JavaScript (and their skeletons)
 * while the main thread parses and renders. Compiling is most of a render's cost; the result is
 * plain data the main thread turns into a function. See `compile-workers.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createFilterRegistry } from '../../template/filters/index.js';
import type { TemplateCode } from '../../template/index.js';
import { templateCodeOf } from '../../template/syntax/code-skeleton.js';
import { templateCode } from '../../template/syntax/compile-template.js';
import { type TemplateWorkerData, type TemplateWorkerMessage, UNCLAIMED } from './compile-worker-protocol.js';

/** Texts per message: few, so the main thread rarely waits for a text already claimed. */
const BATCH = 4;

function run(data: TemplateWorkerData, post: (message: TemplateWorkerMessage) => void): void {
  const claims = new Int32Array(data.claims);
  const registry = createFilterRegistry();
  const count = data.texts.length;
  let batch: [number, TemplateCode | null][] = [];
  for (let n = 0; n < count; n++) {
    const index = data.direction === 'forward' ? n : count - 1 - n;
    if (Atomics.compareExchange(claims, index, UNCLAIMED, data.claimant) !== UNCLAIMED) continue;
    let code: TemplateCode | null;
    try {
      code = templateCodeOf(templateCode(data.texts[index]!, `template ${index}`, registry));
    } catch {
      code = null;
    }
    batch.push([index, code]);
    if (batch.length >= BATCH) {
      post({ kind: 'codes', codes: batch });
      batch = [];
    }
  }
  if (batch.length > 0) post({ kind: 'codes', codes: batch });
  post({ kind: 'done' });
}

const port = parentPort;
if (port) run(workerData as TemplateWorkerData, (message) => port.postMessage(message));
