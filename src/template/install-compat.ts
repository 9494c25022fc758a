/**
 * Makes nunjucks behave like Jinja2 where dbt projects depend on it. nunjucks compiles templates
 * to JavaScript that calls helpers on its shared `runtime` object, and parses with shared
 * Parser/Compiler prototypes, so these patches are global by nature: they are applied once,
 * here, and nowhere else. Each one is listed with the Jinja2 behaviour it provides.
 */
import { Compiler, nodes, nunjucks, runtime, SafeString } from './nunjucks-internals.js';
import { pythonMethod } from './python-methods.js';
import { pythonStr } from './python-repr.js';
import { ReturnSignal } from './return-signal.js';

let installed = false;

export function installJinjaCompatibility(): void {
  if (installed) return;
  installed = true;
  // Slices (`x[1:-1]`, `x[::-1]`), True/False/None, and nunjucks' own list/dict methods.
  nunjucks.installJinjaCompat();
  patchMemberLookup();
  patchOutput();
  patchMacros();
  patchCalls();
  patchLoopCycle();
  patchAttributeSet();
}

/** `s.lower()`, `d.items()`, `l.append()`…, negative indexes, and string slices that stay strings. */
function patchMemberLookup(): void {
  const base = runtime.memberLookup;
  runtime.memberLookup = function memberLookup(obj: unknown, key: unknown, ...rest: unknown[]) {
    if (rest.length === 2) {
      const sliced = base.call(this, obj, key, ...rest);
      return typeof obj === 'string' ? (sliced as string[]).join('') : sliced;
    }
    if (typeof key === 'number' && key < 0 && (typeof obj === 'string' || Array.isArray(obj))) {
      return obj[obj.length + key];
    }
    if (typeof key === 'string' && obj !== null && obj !== undefined) {
      const method = pythonMethod(obj, key);
      if (method) return method;
      // Own function properties (e.g. `modules.datetime.datetime`) are returned as they are, so
      // attributes hung on them (`datetime.datetime.now`) stay reachable; nunjucks would wrap them.
      if ((typeof obj === 'object' || typeof obj === 'function') && Object.hasOwn(obj, key)) {
        return (obj as Record<string, unknown>)[key];
      }
    }
    return base.call(this, obj, key, ...rest);
  };
}

/** `{{ value }}` prints as Python's `str(value)`: `True`, `None`, `['a', 1]`, `{'k': 'v'}`. */
function patchOutput(): void {
  runtime.suppressValue = (value: unknown) => (value instanceof SafeString ? value : pythonStr(value));
}

/** dbt's `{{ return(x) }}`: the macro call evaluates to `x` itself, not to its rendered text. */
function patchMacros(): void {
  const makeMacro = runtime.makeMacro;
  runtime.makeMacro = (argNames: string[], kwargNames: string[], func: (...args: unknown[]) => unknown) =>
    makeMacro(argNames, kwargNames, function (this: unknown, ...args: unknown[]) {
      try {
        return func.apply(this, args);
      } catch (error) {
        if (error instanceof ReturnSignal) return error.value;
        throw error;
      }
    });
}

/**
 * Every call records where it was written, so an error raised deep inside a macro can be shown
 * at the macro's own line and at the model line that called it.
 */
function patchCalls(): void {
  Compiler.prototype.compileFunCall = function compileFunCall(
    this: CompilerThis,
    node: NodeLike,
    frame: unknown,
  ) {
    this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, `);
    this._emit('runtime.callWrap(');
    this._compileExpression(node.name, frame);
    this._emit(`, "${this._getNodeName(node.name).replace(/"/g, '\\"')}", context, `);
    this._compileAggregate(node.args, frame, '[', ']');
    const at = startOf(node.name) ?? node;
    this._emit(`, ${at.lineno}, ${at.colno}))`);
  };
  runtime.callWrap = (
    fn: unknown,
    name: string,
    context: CallContext,
    args: unknown[],
    line?: number,
    col?: number,
  ) => {
    try {
      if (typeof fn !== 'function') {
        throw new UndefinedCallError(name, fn === undefined || fn === null ? 'undefined' : 'not callable');
      }
      return fn.apply(context, args);
    } catch (error) {
      if (!(error instanceof ReturnSignal)) recordFrame(error, context, name, line, col);
      throw error;
    }
  };
}

/** Position of the start of a callee expression (`a` in `a.b.c(…)`), where the user reads the call. */
function startOf(node: unknown): { lineno: number; colno: number } | undefined {
  let current = node as { lineno?: number; colno?: number; target?: unknown } | undefined;
  while (current?.target !== undefined) current = current.target as typeof current;
  return typeof current?.lineno === 'number'
    ? { lineno: current.lineno, colno: current.colno ?? 0 }
    : undefined;
}

/** Raised when a template calls something that is not a function; the engine adds a suggestion. */
export class UndefinedCallError extends Error {
  constructor(
    readonly callee: string,
    readonly reason: 'undefined' | 'not callable',
  ) {
    super(reason === 'undefined' ? `'${callee}' is undefined` : `'${callee}' is not callable`);
  }
}

export interface CallFrame {
  readonly file: string | undefined;
  readonly line: number;
  readonly col: number;
  readonly callee: string;
}

const FRAMES = Symbol('ldp.templateFrames');

function recordFrame(
  error: unknown,
  context: CallContext,
  callee: string,
  line?: number,
  col?: number,
): void {
  if (error === null || typeof error !== 'object' || line === undefined) return;
  const holder = error as { [FRAMES]?: CallFrame[] };
  const frames = holder[FRAMES] ?? [];
  frames.push({ file: context?.ldpFile, line: line + 1, col: (col ?? 0) + 1, callee });
  holder[FRAMES] = frames;
}

/** Innermost first: where the error happened, then each call site outwards. */
export function templateFrames(error: unknown): readonly CallFrame[] {
  return error !== null && typeof error === 'object'
    ? ((error as { [FRAMES]?: CallFrame[] })[FRAMES] ?? [])
    : [];
}

/** `loop.cycle('odd', 'even')`, which nunjucks lacks. */
function patchLoopCycle(): void {
  const emit = Compiler.prototype._emitLoopBindings;
  Compiler.prototype._emitLoopBindings = function (
    this: CompilerThis,
    node: unknown,
    arr: string,
    i: string,
    len: string,
  ) {
    emit.call(this, node, arr, i, len);
    this._emitLine(`frame.set("loop.cycle", function() { return arguments[${i} % arguments.length]; });`);
  };
}

/** `{% set ns.count = ns.count + 1 %}` (namespace attributes): nunjucks parses it but cannot compile it. */
function patchAttributeSet(): void {
  const compileSet = Compiler.prototype.compileSet;
  Compiler.prototype.compileSet = function (this: CompilerThis, node: SetNode, frame: unknown) {
    const target = node.targets[0];
    if (
      target === undefined ||
      node.targets.length !== 1 ||
      !(target instanceof nodes.LookupVal) ||
      !node.value
    ) {
      return compileSet.call(this, node, frame);
    }
    this._emit('(');
    this._compileExpression(target.target, frame);
    this._emit(')[');
    this._compileExpression(target.val, frame);
    this._emit('] = ');
    this._compileExpression(node.value, frame);
    this._emitLine(';');
  };
}

interface SetNode {
  readonly targets: { target: unknown; val: unknown }[];
  readonly value: unknown;
}

interface NodeLike {
  readonly lineno: number;
  readonly colno: number;
  readonly name: unknown;
  readonly args: unknown;
}

interface CompilerThis {
  _emit(code: string): void;
  _emitLine(code: string): void;
  _compileExpression(node: unknown, frame: unknown): void;
  _compileAggregate(node: unknown, frame: unknown, start: string, end: string): void;
  _getNodeName(node: unknown): string;
}

interface CallContext {
  readonly ldpFile?: string;
}
