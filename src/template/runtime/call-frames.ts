import type { Span } from '../../errors/index.js';

/** One place an error passed through: where it happened, then each call site outwards. */
export interface CallFrame {
  readonly span: Span;
  /** The function or macro called at this place, when the frame is a call. */
  readonly callee?: string;
}

const FRAMES = Symbol('ldp.templateFrames');

type WithFrames = { [FRAMES]?: CallFrame[] };

/** Adds a frame to an error on its way out of a template. */
export function recordFrame(error: unknown, span: Span, callee?: string): void {
  if (error === null || typeof error !== 'object') return;
  const holder = error as WithFrames;
  const frames = holder[FRAMES] ?? [];
  frames.push(callee === undefined ? { span } : { span, callee });
  holder[FRAMES] = frames;
}

/** Innermost first: where the error happened, then each call site outwards. */
export function templateFrames(error: unknown): readonly CallFrame[] {
  return error !== null && typeof error === 'object' ? ((error as WithFrames)[FRAMES] ?? []) : [];
}

/** A template called something that is not a function; the engine adds a suggestion. */
export class UndefinedCallError extends Error {
  constructor(
    readonly callee: string,
    readonly reason: 'undefined' | 'not callable',
  ) {
    super(reason === 'undefined' ? `'${callee}' is undefined` : `'${callee}' is not callable`);
    this.name = 'UndefinedCallError';
  }
}
