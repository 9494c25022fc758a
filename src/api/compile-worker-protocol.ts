import type { DiagnosticInit } from '../errors/index.js';
import type { CompiledNode } from '../model/compiled-node.js';
import type { SourceFile } from '../model/project.js';
import type { PathConfig } from './compiled-paths.js';
import type { TemplateProject } from './project-templates.js';

/** What a compile worker thread is started with: everything is plain data. */
export interface CompileWorkerData {
  /** The parse cache holding the manifest, and the fingerprint it must carry. */
  readonly parseCache: { readonly path: string; readonly inputs: string };
  /** The project as templates see it: macro and fixture files only. */
  readonly project: TemplateProject & { readonly config: PathConfig; readonly files: readonly SourceFile[] };
  readonly invocationId: string;
  /** ISO time of `run_started_at`. */
  readonly startedAt: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Unique ids to compile; both threads take chunks of positions from `counter`. */
  readonly ids: readonly string[];
  /** One Int32: the next position to take, shared by every thread. */
  readonly counter: SharedArrayBuffer;
  readonly chunk: number;
}

/** One compiled position: the node, nothing (compiles to no SQL), or the error it failed with. */
export type WorkerOutcome =
  | { readonly index: number; readonly compiled?: CompiledNode }
  | { readonly index: number; readonly error: DiagnosticInit };

/** Messages from a worker, in the order it sends them. */
export type CompileWorkerMessage =
  /** The manifest could not be read: the worker takes no work. */
  | { readonly kind: 'unavailable'; readonly reason: string }
  | {
      readonly kind: 'results';
      readonly outcomes: readonly WorkerOutcome[];
      /** Template output (`log()`, `print()`, warnings) as reporter lines, in the order they happened. */
      readonly messages: readonly string[];
      /** Environment variables read since the last results. */
      readonly envReads: readonly string[];
    }
  /** No position is left to take. */
  | { readonly kind: 'done' }
  /** A bug (not a user error) stopped it; the main thread compiles what it left. */
  | { readonly kind: 'failed'; readonly message: string };
