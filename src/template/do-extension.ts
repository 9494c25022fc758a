import { nodes } from './nunjucks-internals.js';

/** `{% do expr %}`: evaluates an expression for its effect (e.g. `list.append(x)`), prints nothing. */
export class DoExtension {
  readonly tags = ['do'];

  parse(parser: ParserApi): unknown {
    const tag = parser.nextToken();
    const expression = parser.parseExpression();
    parser.advanceAfterBlockEnd(tag.value);
    return new nodes.CallExtension(this, 'run', new nodes.NodeList(tag.lineno, tag.colno, [expression]));
  }

  run(): string {
    return '';
  }
}

interface ParserApi {
  nextToken(): { value: string; lineno: number; colno: number };
  parseExpression(): unknown;
  advanceAfterBlockEnd(name: string): void;
}
