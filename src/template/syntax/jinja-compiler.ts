import { type AstNode, Frame, type Loose, nodes } from '../nunjucks-internals.js';
import { ExpressionCompiler, usesName } from './expression-compiler.js';

/** True when a write to `name` in `frame` stays in `frame`'s scope (loops, macros and `with` isolate). */
function assignsLocally(frame: Loose, name: string): boolean {
  for (let current = frame; current; current = current.parent) {
    if (current.variables[name] !== undefined) return true;
    if (current.isolateWrites) return false;
  }
  return false;
}

/**
 * Compiles statements with Jinja2's semantics: `{% if %}` by Python truthiness, loops whose
 * assignments stay inside the loop, loop filters, `loop.cycle()`, `break`/`continue`, tuple
 * unpacking in `{% set %}`, namespace attribute assignment, macros with Jinja2's argument
 * binding (`varargs`, `kwargs`, `caller`) that return plain strings, and error positions.
 */
export class JinjaCompiler extends ExpressionCompiler {
  private loopDepth = 0;

  /** Every function body reports errors with the position of the statement that failed. */
  _emitFuncEnd(noReturn?: boolean): void {
    if (!noReturn) this._emitLine(`cb(null, ${this.buffer});`);
    this._closeScopeLevels();
    this._emitLine('} catch (e) {');
    this._emitLine('  cb(runtime.locate(e, context, lineno, colno));');
    this._emitLine('}');
    this._emitLine('}');
    this.buffer = null;
  }

  private position(node: AstNode): void {
    this._emitLine(`lineno = ${node.lineno}; colno = ${node.colno};`);
  }

  compileOutput(node: AstNode, frame: Loose): void {
    for (const child of node.children as AstNode[]) {
      if (child.typename === 'TemplateData') {
        if (child.value) {
          this._emit(`${this.buffer} += `);
          this.compileLiteral(child);
          this._emitLine(';');
        }
        continue;
      }
      this.position(child);
      this._emit(`${this.buffer} += runtime.suppressValue(`);
      this.compile(child, frame);
      this._emitLine(');');
    }
  }

  compileIf(node: AstNode, frame: Loose): void {
    this.position(node);
    this._emit('if (runtime.truthy(');
    this._compileExpression(node.cond, frame);
    this._emitLine(')) {');
    this._withScopedSyntax(() => this.compile(node.body, frame));
    if (node.else_) {
      this._emitLine('} else {');
      this._withScopedSyntax(() => this.compile(node.else_, frame));
    }
    this._emitLine('}');
  }

  compileDo(node: AstNode, frame: Loose): void {
    this.position(node);
    this._compileExpression(node.expr, frame);
    this._emitLine(';');
  }

  compileLoopControl(node: AstNode): void {
    if (this.loopDepth === 0) this.failWith(`'{% ${node.kind} %}' outside of a loop`, node);
    this._emitLine(`${node.kind};`);
  }

  compileCapture(node: AstNode, frame: Loose): void {
    const depth = this.loopDepth;
    this.loopDepth = 0;
    super.compileCapture(node, frame);
    this.loopDepth = depth;
  }

  compileJinjaFor(node: AstNode, loopFrame: Loose): void {
    const [items, length, index] = [this._tmpid(), this._tmpid(), this._tmpid()];
    this.position(node);
    this._emitLine('frame = frame.push(true);');
    const frame = loopFrame.push(true);
    this._emit(`var ${items} = runtime.iterate(`);
    this._compileExpression(node.arr, frame);
    this._emitLine(');');
    if (node.test) {
      // The loop filter runs first, so `loop.length` and `loop.index` count the kept items only.
      const item = this._tmpid();
      const testFrame = frame.push();
      this._emitLine(`${items} = ${items}.filter(function (${item}) {`);
      this.bindTargets(node.name, item, testFrame);
      this._emit('return runtime.truthy(');
      this._compileExpression(node.test, testFrame);
      this._emitLine('); });');
    }
    this._emitLine(`var ${length} = ${items}.length;`);
    this._emitLine(`for (var ${index} = 0; ${index} < ${length}; ${index}++) {`);
    this.bindTargets(node.name, `${items}[${index}]`, frame);
    const loop = this._tmpid();
    this._emitLine(`var ${loop} = new runtime.LoopState(${items}, ${index}); frame.set("loop", ${loop});`);
    frame.set('loop', loop);
    this.loopDepth++;
    this._withScopedSyntax(() => this.compile(node.body, frame));
    this.loopDepth--;
    this._emitLine('}');
    if (node.else_) {
      this._emitLine(`if (${length} === 0) {`);
      this._withScopedSyntax(() => this.compile(node.else_, frame));
      this._emitLine('}');
    }
    this._emitLine('frame = frame.pop();');
  }

  /** Binds loop names to `value` (unpacking tuples), in the runtime frame and the compile-time one. */
  private bindTargets(target: AstNode, value: string, frame: Loose): void {
    const names: string[] =
      target.typename === 'Tuple' ? target.children.map((child: AstNode) => child.value) : [target.value];
    const unpacked = this._tmpid();
    if (target.typename === 'Tuple')
      this._emitLine(`var ${unpacked} = runtime.unpack(${value}, ${names.length});`);
    names.forEach((name, i) => {
      const id = this._tmpid();
      const source = target.typename === 'Tuple' ? `${unpacked}[${i}]` : value;
      this._emitLine(`var ${id} = ${source}; frame.set(${JSON.stringify(name)}, ${id});`);
      frame.set(name, id);
    });
  }

  /** `{% with %}`: its names exist only inside; `try/finally` keeps frames right on `break`. */
  compileWith(node: AstNode, outer: Loose): void {
    this.position(node);
    this._emitLine('frame = frame.push(true);');
    const frame = outer.push(true);
    node.targets.forEach((target: AstNode, i: number) => {
      const id = this._tmpid();
      this._emit(`var ${id} = `);
      this._compileExpression(node.values[i], frame);
      this._emitLine(`; frame.set(${JSON.stringify(target.value)}, ${id});`);
      frame.set(target.value, id);
    });
    this._emitLine('try {');
    this._withScopedSyntax(() => this.compile(node.body, frame));
    this._emitLine('} finally { frame = frame.pop(); }');
  }

  /** `{% set x = … %}`, `{% set a, b = … %}`, `{% set ns.attr = … %}`, `{% set x %}…{% endset %}`. */
  compileSet(node: AstNode, frame: Loose): void {
    this.position(node);
    const value = this._tmpid();
    this._emit(`var ${value} = `);
    if (node.value) this._compileExpression(node.value, frame);
    else this.compile(node.body, frame);
    this._emitLine(';');
    const targets: AstNode[] = node.targets;
    if (targets.length === 1) {
      this.assign(targets[0]!, value, frame);
      return;
    }
    const items = this._tmpid();
    this._emitLine(`var ${items} = runtime.unpack(${value}, ${targets.length});`);
    targets.forEach((target, i) => {
      this.assign(target, `${items}[${i}]`, frame);
    });
  }

  private assign(target: AstNode, value: string, frame: Loose): void {
    if (target.typename === 'Lookup' && target.dot) {
      this._emit('runtime.setAttribute(');
      this._compileExpression(target.target, frame);
      this._emitLine(`, ${JSON.stringify(target.val.value)}, ${value});`);
      return;
    }
    if (target.typename !== 'Symbol')
      this.failWith('can only assign to names and namespace attributes', target);
    const name: string = target.value;
    const known = frame.lookup(name);
    let id = known && assignsLocally(frame, name) ? known : null;
    if (!id) {
      id = this._tmpid();
      this._emitLine(`var ${id};`);
      // A name from outside the loop is shadowed, not overwritten, as Jinja2 scopes loops.
      if (known) frame.set(name, id);
    }
    this._emitLine(`${id} = ${value};`);
    this._emitLine(`frame.set(${JSON.stringify(name)}, ${id}, true);`);
    this._emitLine(`if (frame.topLevel) { context.setVariable(${JSON.stringify(name)}, ${id}); }`);
  }

  /**
   * A macro (or a `{% call %}` body): arguments bound by `runtime.makeMacro` as Jinja2 binds them,
   * its own frame in a local variable, its output returned as a plain string.
   */
  _compileMacro(node: AstNode, outer?: Loose): string {
    const params: AstNode[] = node.args.children;
    const defaults: AstNode[] = params.at(-1)?.typename === 'KeywordArgs' ? params.at(-1)!.children : [];
    const positional = (defaults.length > 0 ? params.slice(0, -1) : params).map((arg) => {
      this.assertType(arg, nodes.Symbol);
      return arg.value as string;
    });
    const caller = outer !== undefined;
    const funcId = `macro_${this._tmpid()}`;
    const frame = caller ? outer.push(true) : new Frame();
    const flags = [usesName(node.body, 'varargs'), usesName(node.body, 'kwargs'), caller];
    const signature = [
      JSON.stringify(caller ? 'caller' : node.name.value),
      JSON.stringify(positional),
      JSON.stringify(defaults.map((pair) => pair.key.value)),
      ...flags,
    ];
    this._emitLines(
      `var ${funcId}_parent = ${caller ? 'frame' : 'null'};`,
      `var ${funcId} = runtime.makeMacro(${signature.join(', ')}, function (${[...positional.map((a) => `l_${a}`), 'kwargs'].join(', ')}) {`,
      `var frame = ${caller ? `${funcId}_parent.push(true)` : 'new runtime.Frame()'};`,
      `var lineno = ${node.lineno}; var colno = ${node.colno};`,
      'try {',
    );
    this.bindMacroArgs(positional, defaults, flags, frame);
    const depth = this.loopDepth;
    this.loopDepth = 0;
    const buffer = this._pushBuffer();
    this._withScopedSyntax(() => this.compile(node.body, frame));
    this._emitLine(`return ${buffer};`);
    this._emitLine('} catch (e) { throw runtime.locate(e, context, lineno, colno); }');
    this._emitLine('});');
    this._popBuffer();
    this.loopDepth = depth;
    return funcId;
  }

  /** Puts a macro's arguments (as `makeMacro` bound them) into its frame; defaults are evaluated here. */
  private bindMacroArgs(
    positional: readonly string[],
    defaults: readonly AstNode[],
    flags: readonly boolean[],
    frame: Loose,
  ): void {
    this._emitLine(
      'if (Object.prototype.hasOwnProperty.call(kwargs, "caller")) { frame.set("caller", kwargs.caller); }',
    );
    if (flags[0]) this._emitLine('frame.set("varargs", kwargs.__varargs);');
    if (flags[1]) this._emitLine('frame.set("kwargs", kwargs.__kwargs);');
    for (const arg of positional) {
      this._emitLine(`frame.set(${JSON.stringify(arg)}, l_${arg});`);
      frame.set(arg, `l_${arg}`);
    }
    for (const pair of defaults) {
      const name = JSON.stringify(pair.key.value);
      this._emit(
        `frame.set(${name}, Object.prototype.hasOwnProperty.call(kwargs, ${name}) ? kwargs[${name}] : `,
      );
      this._compileExpression(pair.value, frame);
      this._emitLine(');');
    }
  }
}
