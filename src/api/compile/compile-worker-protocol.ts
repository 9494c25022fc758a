import type { TemplateCode } from '../../template/index.js';

/** What a template worker thread is started with. */
export interface TemplateWorkerData {
  /** Template texts, in the order the main thread renders them. */
  readonly texts: readonly string[];
  /** One Int32 per text: who compiles it (`UNCLAIMED`, `MAIN`, or a worker's number). */
  readonly claims: SharedArrayBuffer;
  /** This worker's claim value. */
  readonly claimant: number;
  /**
   * `forward` when the worker starts well before rendering does (during the parse): it stays
   * ahead of the main thread. `backward` when both start together: they meet in the middle.
   */
  readonly direction: 'forward' | 'backward';
}

export const UNCLAIMED = 0;
export const MAIN = 1;

/** Messages from a template worker. */
export type TemplateWorkerMessage =
  /** Compiled templates by text position; null where a text does not compile (the main thread says why). */
  | { readonly kind: 'codes'; readonly codes: readonly (readonly [number, TemplateCode | null])[] }
  /** No text is left to claim: no more messages. */
  | { readonly kind: 'done' };
