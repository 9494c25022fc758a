/**
 * Typed access to the parts of nunjucks that its public API does not document but ldp builds on:
 * the lexer, the parser and compiler classes (which ldp subclasses, never patches), the node
 * classes, and the runtime functions that compiled templates call.
 */
import nunjucks from 'nunjucks';

// biome-ignore lint/suspicious/noExplicitAny: nunjucks internals are untyped JavaScript.
export type Loose = any;

const loose: Loose = nunjucks;
export const baseRuntime: Loose = loose.runtime;
export const nodes: Loose = loose.nodes;
export const lexer: Loose = loose.lexer;
export const Parser: new (...args: Loose[]) => Loose = loose.parser.Parser;
export const Compiler: new (...args: Loose[]) => Loose = loose.compiler.Compiler;
export const Frame: Loose = baseRuntime.Frame;
export const SafeString: Loose = baseRuntime.SafeString;
export const TemplateError: Loose = loose.lib.TemplateError;

/** A node as the parser builds it: a type name, a 0-based position and its fields. */
export interface AstNode {
  readonly typename: string;
  readonly lineno: number;
  readonly colno: number;
  // biome-ignore lint/suspicious/noExplicitAny: fields differ per node type.
  [field: string]: any;
}

/** A lexer token; positions are 0-based. */
export interface Token {
  readonly type: string;
  readonly value: Loose;
  readonly lineno: number;
  readonly colno: number;
}
