import { InternalError } from '../../errors/index.js';
import type { Loose } from '../nunjucks-internals.js';
import type { NameRegistry } from './expression-compiler.js';
import { JinjaCompiler } from './jinja-compiler.js';
import { lexJinja } from './jinja-lexer.js';
import { parseJinja } from './jinja-parser.js';

/** The compiled form of a template: nunjucks' root render function. */
export interface CompiledTemplate {
  readonly root: (
    env: Loose,
    context: Loose,
    frame: Loose,
    runtime: Loose,
    cb: (error: unknown, output?: string) => void,
  ) => void;
}

/**
 * Lexes, parses and compiles a template to JavaScript with ldp's Jinja2 grammar and semantics.
 * Syntax errors are nunjucks TemplateErrors with 1-based positions.
 */
export function compileTemplate(source: string, name: string, names: NameRegistry): CompiledTemplate {
  const compiler = new JinjaCompiler(name, names);
  compiler.compile(parseJinja(lexJinja(source)));
  const code: string = compiler.getCode();
  let props: { root?: CompiledTemplate['root'] };
  try {
    props = new Function(code)();
  } catch (error) {
    throw new InternalError(`template ${name} compiled to invalid JavaScript`, { cause: error });
  }
  if (typeof props.root !== 'function') throw new InternalError(`template ${name} has no root function`);
  return { root: props.root };
}
