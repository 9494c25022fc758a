import { nodes } from '../nunjucks-internals.js';

/**
 * The syntax nodes Jinja2 has and nunjucks lacks. Each compiles through the matching
 * `compile<Typename>` method of `JinjaCompiler`.
 */
export const JinjaNodes = {
  /** `x[start:stop:step]` inside a subscript. */
  Slice: nodes.Node.extend('Slice', { fields: ['start', 'stop', 'step'] }),
  /** `(a, b)`, `a, b` in `{% set %}` values. */
  Tuple: nodes.NodeList.extend('Tuple'),
  /** `x.name` (`dot`) or `x[key]`: Jinja2 tries attributes first for the one, items for the other. */
  Lookup: nodes.Node.extend('Lookup', { fields: ['target', 'val', 'dot'] }),
  /** `value is test(args)` with the test's name resolved at parse time. */
  Test: nodes.Node.extend('Test', { fields: ['target', 'name', 'args'] }),
  /** `{% do expr %}` */
  Do: nodes.Node.extend('Do', { fields: ['expr'] }),
  /** `{% break %}` and `{% continue %}` (dbt enables Jinja2's loop controls). */
  LoopControl: nodes.Node.extend('LoopControl', { fields: ['kind'] }),
  /** `{% for names in iterable if test %}…{% else %}…{% endfor %}` */
  JinjaFor: nodes.Node.extend('JinjaFor', { fields: ['arr', 'name', 'body', 'else_', 'test'] }),
  /** `{% with a = 1 %}…{% endwith %}` */
  With: nodes.Node.extend('With', { fields: ['targets', 'values', 'body'] }),
  /** `*args` in a call. */
  SplatArgs: nodes.Node.extend('SplatArgs', { fields: ['value'] }),
  /** `**kwargs` in a call. */
  SplatKwargs: nodes.Node.extend('SplatKwargs', { fields: ['value'] }),
} as const;
