import { type AstNode, Compiler, type Loose, nodes } from '../nunjucks-internals.js';

/** What the compiler checks names against: the filters and tests an engine has. */
export interface NameRegistry {
  hasFilter(name: string): boolean;
  hasTest(name: string): boolean;
}

const JINJA_TYPES = new Set(['Slice', 'Tuple', 'Lookup', 'Test', 'SplatArgs', 'SplatKwargs']);
const BINARY_OPERATIONS: Readonly<Record<string, string>> = {
  Add: 'add',
  Sub: 'sub',
  Mul: 'mul',
  Div: 'div',
  FloorDiv: 'floorDiv',
  Mod: 'mod',
  Concat: 'concat',
};

/** Where the user reads a call: the start of `a` in `a.b.c(…)`. */
function startOf(node: AstNode): AstNode {
  let current = node;
  while (current.target !== undefined && current.target !== null) current = current.target;
  return current;
}

/**
 * Compiles expressions with Python's semantics by routing them through the ldp runtime
 * (`runtime.add`, `runtime.truthy`, `runtime.getattr`…) instead of JavaScript operators, and
 * records the template position of every call and filter for error messages.
 */
export class ExpressionCompiler extends Compiler {
  constructor(
    templateName: string,
    protected readonly names: NameRegistry,
  ) {
    super(templateName, false);
  }

  assertType(node: AstNode, ...types: unknown[]): void {
    if (!JINJA_TYPES.has(node.typename)) super.assertType(node, ...types);
  }

  /** A compile-time error; `code` marks errors that are not plain syntax errors. */
  protected failWith(message: string, node: AstNode, code?: string): never {
    try {
      this.fail(message, node.lineno, node.colno);
    } catch (error) {
      if (code) (error as { ldpCode?: string }).ldpCode = code;
      throw error;
    }
    throw new Error('unreachable');
  }

  compileTuple(node: AstNode, frame: Loose): void {
    this._emit('runtime.tuple(');
    this._compileAggregate(node, frame, '[', ']');
    this._emit(')');
  }

  /** Dict keys are expressions in Jinja2 (`{key_var: 1}` uses the variable's value). */
  compileDict(node: AstNode, frame: Loose): void {
    this._emit('{');
    node.children.forEach((pair: AstNode, i: number) => {
      if (i > 0) this._emit(',');
      if (pair.key.typename === 'Literal' && typeof pair.key.value === 'string')
        this.compileLiteral(pair.key);
      else {
        this._emit('[runtime.dictKey(');
        this._compileExpression(pair.key, frame);
        this._emit(')]');
      }
      this._emit(': ');
      this._compileExpression(pair.value, frame);
    });
    this._emit('}');
  }

  compileKeywordArgs(node: AstNode, frame: Loose): void {
    const pairs = node.children.filter((child: AstNode) => child.typename === 'Pair');
    const splats = node.children.filter((child: AstNode) => child.typename === 'SplatKwargs');
    this._emit('runtime.keywords({');
    pairs.forEach((pair: AstNode, i: number) => {
      if (i > 0) this._emit(',');
      this._emit(`${JSON.stringify(pair.key.value)}: `);
      this._compileExpression(pair.value, frame);
    });
    this._emit('}, [');
    splats.forEach((splat: AstNode, i: number) => {
      if (i > 0) this._emit(',');
      this._compileExpression(splat.value, frame);
    });
    this._emit('])');
  }

  /** Call arguments as an array expression, spreading `*args`. */
  protected compileArgs(args: AstNode, frame: Loose): void {
    if (!args.children.some((child: AstNode) => child.typename === 'SplatArgs')) {
      this._compileAggregate(args, frame, '[', ']');
      return;
    }
    this._emit('[].concat(');
    args.children.forEach((child: AstNode, i: number) => {
      if (i > 0) this._emit(',');
      if (child.typename === 'SplatArgs') {
        this._emit('runtime.iterate(');
        this._compileExpression(child.value, frame);
        this._emit(')');
      } else {
        this._emit('[');
        this.compile(child, frame);
        this._emit(']');
      }
    });
    this._emit(')');
  }

  compileInlineIf(node: AstNode, frame: Loose): void {
    this._emit('(runtime.truthy(');
    this.compile(node.cond, frame);
    this._emit(') ? ');
    this.compile(node.body, frame);
    this._emit(' : ');
    if (node.else_ === null) this._emit('undefined');
    else this.compile(node.else_, frame);
    this._emit(')');
  }

  compileIn(node: AstNode, frame: Loose): void {
    this._emit('runtime.contains(');
    this.compile(node.right, frame);
    this._emit(', ');
    this.compile(node.left, frame);
    this._emit(')');
  }

  compileTest(node: AstNode, frame: Loose): void {
    if (!this.names.hasTest(node.name)) this.failWith(`no test named '${node.name}'`, node, 'LDP209');
    this._emit(`(env.getTest(${JSON.stringify(node.name)}).apply(context, [`);
    this.compile(node.target, frame);
    this._emit(']');
    if (node.args.children.length > 0) {
      this._emit('.concat(');
      this.compileArgs(node.args, frame);
      this._emit(')');
    }
    this._emit(') === true)');
  }

  /** `a or b` and `a and b` return an operand, as Python does, judged by Python's truthiness. */
  compileOr(node: AstNode, frame: Loose): void {
    this.compileShortCircuit('or', node, frame);
  }

  compileAnd(node: AstNode, frame: Loose): void {
    this.compileShortCircuit('and', node, frame);
  }

  private compileShortCircuit(operation: string, node: AstNode, frame: Loose): void {
    this._emit(`runtime.${operation}(`);
    this.compile(node.left, frame);
    this._emit(', function () { return ');
    this.compile(node.right, frame);
    this._emit('; })');
  }

  compileNot(node: AstNode, frame: Loose): void {
    this._emit('!runtime.truthy(');
    this.compile(node.target, frame);
    this._emit(')');
  }

  private compileBinary(node: AstNode, frame: Loose): void {
    this._emit(`runtime.${BINARY_OPERATIONS[node.typename]}(`);
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(')');
  }

  compileAdd(node: AstNode, frame: Loose): void {
    this.compileBinary(node, frame);
  }

  compileSub(node: AstNode, frame: Loose): void {
    this.compileBinary(node, frame);
  }

  compileMul(node: AstNode, frame: Loose): void {
    this.compileBinary(node, frame);
  }

  compileDiv(node: AstNode, frame: Loose): void {
    this.compileBinary(node, frame);
  }

  compileFloorDiv(node: AstNode, frame: Loose): void {
    this.compileBinary(node, frame);
  }

  compileMod(node: AstNode, frame: Loose): void {
    this.compileBinary(node, frame);
  }

  compileConcat(node: AstNode, frame: Loose): void {
    this.compileBinary(node, frame);
  }

  /** `a < b < c` is `a < b and b < c`, as in Python. */
  compileCompare(node: AstNode, frame: Loose): void {
    const operands: AstNode[] = [node.expr, ...node.ops.map((op: AstNode) => op.expr)];
    this._emit('runtime.compareChain([');
    operands.forEach((operand, i) => {
      if (i > 0) this._emit(', ');
      this.compile(operand, frame);
    });
    this._emit(`], ${JSON.stringify(node.ops.map((op: AstNode) => op.type))})`);
  }

  /** `x.name` looks for an attribute first, `x[key]` for an item first; slices copy. */
  compileLookup(node: AstNode, frame: Loose): void {
    if (node.val.typename === 'Slice') {
      this._emit('runtime.slice(');
      this._compileExpression(node.target, frame);
      for (const part of [node.val.start, node.val.stop, node.val.step]) {
        this._emit(', ');
        if (part === null) this._emit('null');
        else this._compileExpression(part, frame);
      }
      this._emit(')');
      return;
    }
    this._emit(node.dot ? 'runtime.getattr(' : 'runtime.getitem(');
    this._compileExpression(node.target, frame);
    this._emit(', ');
    this._compileExpression(node.val, frame);
    this._emit(')');
  }

  _getNodeName(node: AstNode): string {
    if (node.typename === 'Literal' && typeof node.value === 'string') return JSON.stringify(node.value);
    if (node.typename !== 'Symbol' && node.typename !== 'Lookup' && node.typename !== 'FunCall') return '…';
    if (node.typename === 'Lookup') {
      const target = this._getNodeName(node.target);
      return node.dot ? `${target}.${node.val.value}` : `${target}[${this._getNodeName(node.val)}]`;
    }
    return super._getNodeName(node);
  }

  compileFunCall(node: AstNode, frame: Loose): void {
    const at = startOf(node.name);
    this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, runtime.callWrap(`);
    this._compileExpression(node.name, frame);
    this._emit(`, ${JSON.stringify(this._getNodeName(node.name))}, context, `);
    this.compileArgs(node.args, frame);
    this._emit(`, ${at.lineno}, ${at.colno}))`);
  }

  /** Filters are looked up when the template compiles, so an unknown one is reported at once. */
  compileFilter(node: AstNode, frame: Loose): void {
    const name: string = node.name.value;
    if (!this.names.hasFilter(name)) this.failWith(`no filter named '${name}'`, node, 'LDP209');
    this._emit(
      `(lineno = ${node.lineno}, colno = ${node.colno}, env.getFilter(${JSON.stringify(name)}).apply(context, `,
    );
    this.compileArgs(node.args, frame);
    this._emit('))');
  }

  compileLiteral(node: AstNode): void {
    if (typeof node.value === 'number' && !Number.isFinite(node.value)) this._emit(String(node.value));
    else super.compileLiteral(node);
  }
}

/** True when `name` is read anywhere in `node` (macros expose `varargs`/`kwargs` only if used). */
export function usesName(node: AstNode, name: string): boolean {
  return (node.findAll(nodes.Symbol) as AstNode[]).some((symbol) => symbol.value === name);
}
