import { InternalError } from '../../errors/index.js';
import type { Loose } from '../nunjucks-internals.js';
import { CONSTANTS } from './code-skeleton.js';
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
  return templateFromCode(templateCode(source, name, names), name);
}

/**
 * The JavaScript of a template: the costly part of compiling it, and plain text, so it can be
 * made on another thread or kept in a cache. It depends only on the source (and ldp's version),
 * not on `name`.
 */
export function templateCode(source: string, name: string, names: NameRegistry): string {
  const compiler = new JinjaCompiler(name, names);
  compiler.compile(parseJinja(lexJinja(source)));
  return compiler.getCode();
}

/** The template of code that `templateCode` made. */
export function templateFromCode(code: string, name: string): CompiledTemplate {
  let props: { root?: CompiledTemplate['root'] };
  try {
    props = new Function(code)();
  } catch (error) {
    throw new InternalError(`template ${name} compiled to invalid JavaScript`, { cause: error });
  }
  if (typeof props.root !== 'function') throw new InternalError(`template ${name} has no root function`);
  return { root: props.root };
}

/**
 * What makes the templates of one code skeleton (see `codeSkeleton`): V8 compiles `body` once,
 * and each template is a closure over its own constants.
 */
export function skeletonFactory(
  body: string,
  name: string,
): (constants: readonly unknown[]) => CompiledTemplate {
  let make: (constants: readonly unknown[]) => { root?: CompiledTemplate['root'] };
  try {
    make = new Function(CONSTANTS, body) as typeof make;
  } catch (error) {
    throw new InternalError(`template ${name} compiled to invalid JavaScript`, { cause: error });
  }
  return (constants) => {
    const props = make(constants);
    if (typeof props.root !== 'function') throw new InternalError(`template ${name} has no root function`);
    return { root: props.root };
  };
}
