/**
 * Typed access to the parts of nunjucks that its public API does not export but the Jinja
 * compatibility layer must reach: the runtime helpers compiled templates call, the parser and
 * compiler prototypes, the node classes, and the Context class.
 */
import { createRequire } from 'node:module';
import nunjucks from 'nunjucks';

const require = createRequire(import.meta.url);

// biome-ignore lint/suspicious/noExplicitAny: nunjucks internals are untyped JavaScript.
type Loose = any;

const loose: Loose = nunjucks;
export const runtime: Loose = loose.runtime;
export const lib: Loose = loose.lib;
export const nodes: Loose = loose.nodes;
export const lexer: Loose = loose.lexer;
export const Parser: Loose = loose.parser.Parser;
export const Compiler: Loose = loose.compiler.Compiler;
// The Context class is only reachable through a Template's constructor module.
export const Context: Loose = require('nunjucks/src/environment.js').Context ?? contextClass();

function contextClass(): Loose {
  const template: Loose = new nunjucks.Template('', new nunjucks.Environment(), 'probe', true);
  let found: Loose;
  template.rootRenderFunc = (_e: Loose, context: Loose, _f: Loose, _r: Loose, cb: Loose) => {
    found = context.constructor;
    cb(null, '');
  };
  template.render({});
  return found;
}
export const SafeString: Loose = runtime.SafeString;
export { nunjucks };
