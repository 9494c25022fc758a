import { type AstNode, type Loose, lexer, nodes, type Token } from '../nunjucks-internals.js';
import { ExpressionParser } from './expression-parser.js';
import { JinjaNodes } from './jinja-nodes.js';

const T = lexer;
const NUNJUCKS_ONLY_TAGS = new Set(['switch', 'ifAsync', 'asyncEach', 'asyncAll', 'verbatim']);
const LOADER_TAGS = new Set(['include', 'import', 'from', 'extends', 'block']);

/**
 * nunjucks' parser with Jinja2's grammar where the two differ: tuples, slices, `True`/`None`,
 * tests binding like filters (`x is divisibleby 3`), loop filters (`for x in xs if x`), `*args`
 * and `**kwargs` in calls, Python string escapes, and the `do`, `break`, `continue`, `with` tags.
 * Tags that need a template loader (`include`, `extends`, …) are errors: dbt has no loader either.
 */
export class JinjaParser extends ExpressionParser {
  parseStatement(): AstNode | null {
    const tok = this.peekToken() as Token | null;
    if (tok !== null && tok.type === T.TOKEN_SYMBOL && !this.breakOnBlocks?.includes(tok.value)) {
      if (tok.value === 'do') return this.parseDo();
      if (tok.value === 'break' || tok.value === 'continue') return this.parseLoopControl();
      if (tok.value === 'with') return this.parseWith();
      if (LOADER_TAGS.has(tok.value)) {
        const error = this.error(
          `'{% ${tok.value} %}' is not supported: ldp templates have no loader`,
          tok.lineno,
          tok.colno,
        );
        error.ldpCode = 'LDP210';
        throw error;
      }
      if (/^(end\w+|else|elif)$/.test(tok.value)) {
        const wanted = (this.breakOnBlocks ?? [])
          .filter((tag: string) => tag !== 'elseif')
          .map((tag: string) => `{% ${tag} %}`)
          .join(' or ');
        this.fail(
          `unexpected {% ${tok.value} %}${wanted ? `: expected ${wanted}` : ''}`,
          tok.lineno,
          tok.colno,
        );
      }
      if (NUNJUCKS_ONLY_TAGS.has(tok.value))
        this.fail(`unknown block tag: ${tok.value}`, tok.lineno, tok.colno);
    }
    return super.parseStatement();
  }

  /** The end tags the innermost block parsed last waited for, for "unexpected end" messages. */
  private lastExpected: readonly string[] = [];

  parseUntilBlocks(...names: string[]): AstNode {
    const body = super.parseUntilBlocks(...names);
    this.lastExpected = names;
    return body;
  }

  /** At the end of the template, says which end tag is missing (Jinja2 does too). */
  advanceAfterBlockEnd(name?: string): Token {
    if (this.peekToken() === null) {
      const wanted = this.lastExpected.filter((tag) => tag.startsWith('end'));
      const hint = wanted.length > 0 ? `: expected ${wanted.map((tag) => `{% ${tag} %}`).join(' or ')}` : '';
      this.fail(`unexpected end of template${hint}`, this.tokens.lineno, this.tokens.colno);
    }
    return super.advanceAfterBlockEnd(name);
  }

  private parseDo(): AstNode {
    const tok: Token = this.nextToken();
    const expr = this.parseExpression();
    this.advanceAfterBlockEnd(tok.value);
    return new JinjaNodes.Do(tok.lineno, tok.colno, expr);
  }

  private parseLoopControl(): AstNode {
    const tok: Token = this.nextToken();
    this.advanceAfterBlockEnd(tok.value);
    return new JinjaNodes.LoopControl(tok.lineno, tok.colno, tok.value);
  }

  private parseWith(): AstNode {
    const tok: Token = this.nextToken();
    const targets: AstNode[] = [];
    const values: AstNode[] = [];
    while (this.peekToken().type !== T.TOKEN_BLOCK_END) {
      if (targets.length > 0 && !this.skip(T.TOKEN_COMMA)) this.fail('expected comma in with statement');
      targets.push(this.expectName());
      if (!this.skipValue(T.TOKEN_OPERATOR, '=')) this.fail("expected '=' in with statement");
      values.push(this.parseExpression());
    }
    this.advanceAfterBlockEnd(tok.value);
    const body = this.parseUntilBlocks('endwith');
    this.advanceAfterBlockEnd();
    return new JinjaNodes.With(tok.lineno, tok.colno, targets, values, body);
  }

  private expectName(): AstNode {
    const tok: Token = this.nextToken();
    if (tok?.type !== T.TOKEN_SYMBOL) this.fail('expected a name', tok?.lineno, tok?.colno);
    return new nodes.Symbol(tok.lineno, tok.colno, tok.value);
  }

  /** `{% for a, b in items if a recursive %}`; the iterable cannot use an inline `if`, as in Jinja2. */
  parseFor(): AstNode {
    const tok = this.peekToken() as Token;
    if (tok.value !== 'for') return super.parseFor();
    this.nextToken();
    const node = new JinjaNodes.JinjaFor(tok.lineno, tok.colno);
    node.name = this.parseAssignTarget();
    if (!this.skipSymbol('in')) this.fail('expected "in" keyword in for loop', tok.lineno, tok.colno);
    node.arr = this.parseBareTuple(() => this.parseOr());
    if (this.skipSymbol('if')) node.test = this.parseExpression();
    if (this.skipSymbol('recursive'))
      this.fail('recursive loops are not supported by ldp', tok.lineno, tok.colno);
    this.advanceAfterBlockEnd(tok.value);
    node.body = this.parseUntilBlocks('endfor', 'else');
    if (this.skipSymbol('else')) {
      this.advanceAfterBlockEnd('else');
      node.else_ = this.parseUntilBlocks('endfor');
    }
    this.advanceAfterBlockEnd();
    return node;
  }

  /** A loop or `with` target: a name or a tuple of names. */
  private parseAssignTarget(): AstNode {
    let target: AstNode = this.parsePrimary(true);
    if (target.typename === 'Group' && target.children.length === 1) target = target.children[0];
    if (this.peekToken().type === T.TOKEN_COMMA) {
      const names = [target];
      while (this.skip(T.TOKEN_COMMA)) names.push(this.parsePrimary(true));
      target = new JinjaNodes.Tuple(target.lineno, target.colno, names);
    }
    const names = target.typename === 'Tuple' ? target.children : [target];
    for (const name of names as AstNode[]) {
      if (name.typename !== 'Symbol')
        this.fail('expected a name or a tuple of names as loop variables', name.lineno, name.colno);
    }
    return target;
  }

  /** `{% set a, b = 1, 2 %}`, `{% set ns.x = … %}`, `{% set x %}…{% endset %}`. */
  parseSet(): AstNode {
    const tag: Token = this.nextToken();
    const node = new nodes.Set(tag.lineno, tag.colno, []);
    do node.targets.push(this.parsePrimary());
    while (this.skip(T.TOKEN_COMMA));
    if (this.skipValue(T.TOKEN_OPERATOR, '=')) {
      node.value = this.parseBareTuple(() => this.parseExpression());
      this.advanceAfterBlockEnd(tag.value);
      return node;
    }
    const end: Token | null = this.nextToken();
    if (end === null || end.type !== T.TOKEN_BLOCK_END)
      this.fail('expected = or block end in set tag', tag.lineno, tag.colno);
    if (end!.value.charAt(0) === '-') this.dropLeadingWhitespace = true;
    node.body = new nodes.Capture(tag.lineno, tag.colno, this.parseUntilBlocks('endset'));
    node.value = null;
    this.advanceAfterBlockEnd();
    return node;
  }

  /** `{% call(args) macro(…) %}`: the call must be a call. */
  parseCall(): AstNode {
    const tok: Token = this.nextToken();
    const callerArgs = this.parseSignature(true) || new nodes.NodeList();
    const call: AstNode = this.parsePrimary();
    if (call.typename !== 'FunCall')
      this.fail('expected a macro call after {% call %}', tok.lineno, tok.colno);
    this.advanceAfterBlockEnd(tok.value);
    const body = this.parseUntilBlocks('endcall');
    this.advanceAfterBlockEnd();
    const callerName = new nodes.Symbol(tok.lineno, tok.colno, 'caller');
    const caller = new nodes.Caller(tok.lineno, tok.colno, callerName, callerArgs, body);
    const args: AstNode[] = call.args.children;
    if (args.at(-1)?.typename !== 'KeywordArgs') args.push(new nodes.KeywordArgs(tok.lineno, tok.colno));
    args.at(-1)!.addChild(new nodes.Pair(tok.lineno, tok.colno, callerName, caller));
    return new nodes.Output(tok.lineno, tok.colno, [call]);
  }

  /** `{% raw %}…{% endraw %}`, honouring `-` whitespace control on both tags. */
  parseRaw(): AstNode {
    const begun: Token = this.advanceAfterBlockEnd();
    const trimStart = this.dropLeadingWhitespace;
    this.dropLeadingWhitespace = false;
    const match: string[] | null = this.tokens._extractRegex(/([\s\S]*?)\{%(-?)\s*endraw\s*(-?)%\}/);
    if (!match) this.fail('missing {% endraw %}', begun.lineno, begun.colno);
    let text = match![1]!;
    if (match![2] === '-') text = text.replace(/\s+$/, '');
    if (trimStart) text = text.replace(/^\s+/, '');
    if (match![3] === '-') this.dropLeadingWhitespace = true;
    return new nodes.Output(begun.lineno, begun.colno, [
      new nodes.TemplateData(begun.lineno, begun.colno, text),
    ]);
  }
}

/** Parses a template into nunjucks' syntax tree with Jinja2's grammar. */
export function parseJinja(tokens: Loose): AstNode {
  return new JinjaParser(tokens).parseAsRoot();
}
