import type { Span } from '../../errors/index.js';
import { baseRuntime, type Loose } from '../nunjucks-internals.js';
import { getAttr, getItem, setAttribute } from '../python/lookup.js';
import { PyError, typeError } from '../python/py-errors.js';
import {
  compare,
  iterate,
  pyAdd,
  pyContains,
  pyDiv,
  pyFloorDiv,
  pyMod,
  pyMul,
  pySlice,
  pySub,
  truthy,
  unpack,
} from '../python/py-ops.js';
import { isPlainObject, PyTuple } from '../python/py-types.js';
import { pythonStr } from '../python/python-repr.js';
import { recordFrame, templateFrames, UndefinedCallError } from './call-frames.js';
import { LoopState } from './loop-state.js';
import { makeMacro } from './make-macro.js';
import type { RenderContext } from './render-context.js';
import { ReturnSignal } from './return-signal.js';

/** The most recent call a template made, so `exceptions.warn()` can say where it was called. */
export class CallSite {
  context: RenderContext | undefined;
  line = 0;
  col = 0;

  span(): Span | undefined {
    return this.context?.span(this.line, this.col);
  }
}

/** `runtime.locate`: gives an error leaving a template function the position it left from. */
function locate(error: unknown, context: RenderContext, line: number, col: number): unknown {
  if (error instanceof ReturnSignal) return error;
  const value = error !== null && typeof error === 'object' ? error : new Error(String(error));
  if (templateFrames(value).length === 0) recordFrame(value, context.span(line, col));
  return value;
}

/** Merges `**kwargs` into a call's keyword arguments. */
function keywords(named: Record<string, unknown>, splats: readonly unknown[]): Record<string, unknown> {
  for (const splat of splats) {
    if (!isPlainObject(splat)) throw typeError('argument after ** must be a mapping');
    for (const [key, value] of Object.entries(splat)) {
      if (key === '__keywords') continue;
      if (Object.hasOwn(named, key)) throw typeError(`got multiple values for keyword argument '${key}'`);
      named[key] = value;
    }
  }
  return baseRuntime.makeKeywordArgs(named);
}

function compareChain(values: readonly unknown[], ops: readonly string[]): boolean {
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i] === '===' ? '==' : ops[i] === '!==' ? '!=' : ops[i]!;
    if (!compare(op, values[i], values[i + 1])) return false;
  }
  return true;
}

/**
 * The runtime object compiled templates receive: nunjucks' runtime functions (frames, keyword arguments)
 * plus ldp's Python semantics. One per engine; nunjucks' shared runtime is never modified.
 */
export function createJinjaRuntime(site: CallSite): Loose {
  const runtime = Object.create(baseRuntime);
  return Object.assign(runtime, {
    suppressValue: (value: unknown) => (typeof value === 'string' ? value : pythonStr(value)),
    memberLookup: getItem,
    getattr: getAttr,
    getitem: getItem,
    setAttribute,
    slice: pySlice,
    tuple: (items: unknown[]) => PyTuple.make(items),
    dictKey: (key: unknown) => (typeof key === 'string' ? key : pythonStr(key)),
    keywords,
    truthy,
    or: (left: unknown, right: () => unknown) => (truthy(left) ? left : right()),
    and: (left: unknown, right: () => unknown) => (truthy(left) ? right() : left),
    add: pyAdd,
    sub: pySub,
    mul: pyMul,
    div: pyDiv,
    floorDiv: pyFloorDiv,
    mod: pyMod,
    concat: (a: unknown, b: unknown) => pythonStr(a) + pythonStr(b),
    compareChain,
    contains: pyContains,
    iterate,
    unpack,
    LoopState,
    makeMacro,
    locate,
    callWrap(
      fn: unknown,
      name: string,
      context: RenderContext,
      args: unknown[],
      line: number,
      col: number,
    ): unknown {
      try {
        if (typeof fn !== 'function') {
          throw new UndefinedCallError(name, fn === undefined || fn === null ? 'undefined' : 'not callable');
        }
        site.context = context;
        site.line = line;
        site.col = col;
        return fn.apply(context, args);
      } catch (error) {
        const value =
          error !== null && typeof error === 'object'
            ? error
            : new PyError('TemplateRuntimeError', String(error));
        // A return() signal gets a frame too, for the error if it escapes every macro.
        recordFrame(value, context.span(line, col), name);
        throw value;
      }
    },
  });
}
