import { type AstNode, lexer, nodes, Parser, type Token } from '../nunjucks-internals.js';
import { JinjaNodes } from './jinja-nodes.js';

const T = lexer;
const LITERAL_NAMES: Readonly<Record<string, boolean | null>> = { True: true, False: false, None: null };
/** Tokens that may start the argument of a test written without parentheses (`is divisibleby 3`). */
const TEST_ARG_TOKENS = new Set([
  T.TOKEN_STRING,
  T.TOKEN_INT,
  T.TOKEN_FLOAT,
  T.TOKEN_LEFT_BRACKET,
  T.TOKEN_LEFT_CURLY,
  T.TOKEN_NONE,
  T.TOKEN_BOOLEAN,
]);
const NOT_TEST_ARGS = new Set(['else', 'or', 'and', 'if', 'in', 'not', 'is']);

/**
 * nunjucks' expression grammar changed to Jinja2's: tuples, slices, `True`/`None`, dict keys
 * that are expressions, tests binding like filters (`x is divisibleby 3`), `*args`/`**kwargs`.
 */
export class ExpressionParser extends Parser {
  /** `True`, `False`, `None` are literals (nunjucks knows only the lowercase ones); `null` is a name. */
  parsePrimary(noPostfix?: boolean): AstNode {
    const tok = this.peekToken() as Token | null;
    const literal = tok !== null && tok.type === T.TOKEN_SYMBOL && Object.hasOwn(LITERAL_NAMES, tok.value);
    if (tok !== null && (literal || (tok.type === T.TOKEN_NONE && tok.value === 'null'))) {
      this.nextToken();
      const node = literal
        ? new nodes.Literal(tok.lineno, tok.colno, LITERAL_NAMES[tok.value])
        : new nodes.Symbol(tok.lineno, tok.colno, tok.value);
      return noPostfix ? node : this.parsePostfix(node);
    }
    return super.parsePrimary(noPostfix);
  }

  /** Calls, subscripts (with slices) and attributes, remembering which lookups were `x.name`. */
  parsePostfix(target: AstNode): AstNode {
    let node = target;
    for (let tok = this.peekToken() as Token | null; tok; tok = this.peekToken()) {
      if (tok.type === T.TOKEN_LEFT_PAREN) {
        node = new nodes.FunCall(tok.lineno, tok.colno, node, this.parseCallArgs());
      } else if (tok.type === T.TOKEN_LEFT_BRACKET) {
        node = new JinjaNodes.Lookup(tok.lineno, tok.colno, node, this.parseSubscript(), false);
      } else if (tok.type === T.TOKEN_OPERATOR && tok.value === '.') {
        this.nextToken();
        const name: Token = this.nextToken();
        if (name?.type === T.TOKEN_INT) {
          node = new JinjaNodes.Lookup(
            tok.lineno,
            tok.colno,
            node,
            new nodes.Literal(name.lineno, name.colno, Number(name.value)),
            false,
          );
        } else if (
          name?.type === T.TOKEN_SYMBOL ||
          name?.type === T.TOKEN_NONE ||
          name?.type === T.TOKEN_BOOLEAN
        ) {
          node = new JinjaNodes.Lookup(
            tok.lineno,
            tok.colno,
            node,
            new nodes.Literal(name.lineno, name.colno, String(name.value)),
            true,
          );
        } else {
          this.fail(`expected name as lookup value, got ${name?.value}`, name?.lineno, name?.colno);
        }
      } else {
        break;
      }
    }
    return node;
  }

  /** `[expr]` or a slice `[start:stop:step]` with any part left out. */
  private parseSubscript(): AstNode {
    const open: Token = this.nextToken();
    const parts: (AstNode | null)[] = [null, null, null];
    let colons = 0;
    if (this.peekToken().type !== T.TOKEN_COLON) parts[0] = this.parseExpression();
    while (this.skip(T.TOKEN_COLON)) {
      colons++;
      if (colons > 2) this.fail('invalid slice: too many colons', open.lineno, open.colno);
      const next = this.peekToken().type;
      if (next !== T.TOKEN_COLON && next !== T.TOKEN_RIGHT_BRACKET) parts[colons] = this.parseExpression();
    }
    if (!this.skip(T.TOKEN_RIGHT_BRACKET)) this.fail("expected ']'", open.lineno, open.colno);
    if (colons === 0) {
      if (parts[0] === null) this.fail('expected a subscript', open.lineno, open.colno);
      return parts[0]!;
    }
    return new JinjaNodes.Slice(open.lineno, open.colno, parts[0], parts[1], parts[2]);
  }

  /** Call arguments: positional, `name=value`, `*args`, `**kwargs`, trailing comma. */
  parseCallArgs(): AstNode {
    const open: Token = this.nextToken();
    const args = new nodes.NodeList(open.lineno, open.colno);
    const kwargs = new nodes.KeywordArgs(open.lineno, open.colno);
    for (let first = true; !this.skip(T.TOKEN_RIGHT_PAREN); first = false) {
      if (!first) {
        if (!this.skip(T.TOKEN_COMMA)) this.fail('expected comma after argument', open.lineno, open.colno);
        if (this.skip(T.TOKEN_RIGHT_PAREN)) break;
      }
      const tok = this.peekToken() as Token;
      if (tok.type === T.TOKEN_OPERATOR && (tok.value === '*' || tok.value === '**')) {
        this.nextToken();
        const Splat = tok.value === '*' ? JinjaNodes.SplatArgs : JinjaNodes.SplatKwargs;
        (tok.value === '*' ? args : kwargs).addChild(
          new Splat(tok.lineno, tok.colno, this.parseExpression()),
        );
        continue;
      }
      const arg: AstNode = this.parseExpression();
      if (this.skipValue(T.TOKEN_OPERATOR, '=')) {
        if (arg.typename !== 'Symbol')
          this.fail('expected a name before = in a keyword argument', arg.lineno, arg.colno);
        kwargs.addChild(new nodes.Pair(arg.lineno, arg.colno, arg, this.parseExpression()));
      } else {
        args.addChild(arg);
      }
    }
    if (kwargs.children.length > 0) args.addChild(kwargs);
    return args;
  }

  /** Literal lists, dicts (any expression as key) and parentheses: `(x)` groups, `(x,)` is a tuple. */
  parseAggregate(): AstNode | null {
    const tok: Token = this.nextToken();
    if (tok.type === T.TOKEN_LEFT_BRACKET) {
      return new nodes.Array(
        tok.lineno,
        tok.colno,
        this.parseItems(T.TOKEN_RIGHT_BRACKET, () => this.parseExpression()),
      );
    }
    if (tok.type === T.TOKEN_LEFT_CURLY) {
      return new nodes.Dict(
        tok.lineno,
        tok.colno,
        this.parseItems(T.TOKEN_RIGHT_CURLY, () => this.parseDictPair(tok)),
      );
    }
    if (tok.type !== T.TOKEN_LEFT_PAREN) {
      this.pushToken(tok);
      return null;
    }
    let comma = false;
    const items = this.parseItems(
      T.TOKEN_RIGHT_PAREN,
      () => this.parseExpression(),
      () => {
        comma = true;
      },
    );
    if (items.length === 1 && !comma) return new nodes.Group(tok.lineno, tok.colno, items);
    return new JinjaNodes.Tuple(tok.lineno, tok.colno, items);
  }

  private parseDictPair(open: Token): AstNode {
    const key: AstNode = this.parseExpression();
    if (!this.skip(T.TOKEN_COLON)) this.fail('expected colon after dict key', open.lineno, open.colno);
    return new nodes.Pair(key.lineno, key.colno, key, this.parseExpression());
  }

  private parseItems(closer: string, parseItem: () => AstNode, onComma: () => void = () => {}): AstNode[] {
    const items: AstNode[] = [];
    while (!this.skip(closer)) {
      if (items.length > 0) {
        if (!this.skip(T.TOKEN_COMMA)) this.fail('expected comma between items');
        onComma();
        if (this.skip(closer)) break;
      }
      items.push(parseItem());
    }
    return items;
  }

  /** Filters and tests bind to the value before them, as in Jinja2 (`a + b is odd` tests `b`). */
  parseFilter(target: AstNode): AstNode {
    let node = target;
    for (;;) {
      if (this.skip(T.TOKEN_PIPE)) {
        const name: AstNode = this.parseFilterName();
        const args = new nodes.NodeList(name.lineno, name.colno, [node, ...this.parseFilterArgs()]);
        node = new nodes.Filter(name.lineno, name.colno, name, args);
        continue;
      }
      const tok = this.peekToken() as Token | null;
      if (tok === null || tok.type !== T.TOKEN_SYMBOL || tok.value !== 'is') return node;
      node = this.parseTest(node);
    }
  }

  parseFilterArgs(): AstNode[] {
    return this.peekToken().type === T.TOKEN_LEFT_PAREN ? this.parseCallArgs().children : [];
  }

  /** `x is name`, `x is not name`, `x is name(args)`, `x is name arg`. */
  private parseTest(target: AstNode): AstNode {
    const is: Token = this.nextToken();
    const negated = this.skipSymbol('not');
    const nameTok: Token = this.nextToken();
    const name =
      nameTok?.type === T.TOKEN_SYMBOL || nameTok?.type === T.TOKEN_BOOLEAN || nameTok?.type === T.TOKEN_NONE
        ? String(nameTok.value === 'null' ? 'none' : nameTok.value)
        : this.fail('expected a test name after is', is.lineno, is.colno);
    const next = this.peekToken() as Token;
    let args = new nodes.NodeList(is.lineno, is.colno);
    if (next.type === T.TOKEN_LEFT_PAREN) args = this.parseCallArgs();
    else if (
      TEST_ARG_TOKENS.has(next.type) ||
      (next.type === T.TOKEN_SYMBOL && !NOT_TEST_ARGS.has(next.value))
    ) {
      args.addChild(this.parsePrimary());
    }
    const test = new JinjaNodes.Test(is.lineno, is.colno, target, name, args);
    return negated ? new nodes.Not(is.lineno, is.colno, test) : test;
  }

  /** Tests are parsed with filters (`parseFilter`); comparisons no longer look for `is`. */
  parseIs(): AstNode {
    return this.parseCompare();
  }

  /** `a, b` without parentheses (a tuple), or a single expression. */
  protected parseBareTuple(parseItem: () => AstNode): AstNode {
    const first = parseItem();
    if (this.peekToken().type !== T.TOKEN_COMMA) return first;
    const items = [first];
    while (this.skip(T.TOKEN_COMMA)) {
      const next = this.peekToken().type;
      if (next === T.TOKEN_BLOCK_END || next === T.TOKEN_VARIABLE_END) break;
      items.push(parseItem());
    }
    return new JinjaNodes.Tuple(first.lineno, first.colno, items);
  }
}
