import type { Span } from '../errors/index.js';
import type { ModelNode, RelationNode } from '../model/node.js';
import type { FixtureRows, UnitTestInput } from '../model/unit-test.js';
import { DUCKDB_DIALECT, type SqlDialect } from '../sql/index.js';
import { RelationValue } from './relation-value.js';
import { declaredColumns, fixtureTableName, inputLabel } from './unit-test-inputs.js';

/** An input the unit test gives, before the model is rendered. */
export interface GivenInput {
  readonly node: RelationNode;
  readonly input: string;
  readonly table: string;
  readonly rows: FixtureRows;
  readonly span: Span;
}

/**
 * Records what the model under test reads while it renders, and answers each `ref`, `source`
 * and `this` with the table of its fixture. A relation the test does not give still gets a
 * table: an empty one, with the columns its node declares.
 */
export class UnitTestReads {
  private readonly read = new Map<string, GivenInput>();
  private readonly taken: Set<string>;

  constructor(
    /** The model under test. */
    readonly model: ModelNode,
    private readonly given: ReadonlyMap<string, GivenInput>,
    private readonly testSpan: Span,
    /** The target's quoting of the fixture tables' names. */
    private readonly dialect: SqlDialect = DUCKDB_DIALECT,
  ) {
    this.taken = new Set([...given.values()].map((input) => input.table.toLowerCase()));
  }

  /** Whether an input replaces `node` (ephemeral models that are not given are inlined instead). */
  isGiven(node: RelationNode): boolean {
    return this.given.has(node.uniqueId);
  }

  /** The relation value a template gets for `node`: its fixture table, under the node's names. */
  relationFor(node: RelationNode): RelationValue {
    let input = this.read.get(node.uniqueId);
    if (!input) {
      input = this.given.get(node.uniqueId) ?? this.emptyInput(node);
      this.read.set(node.uniqueId, input);
    }
    return new RelationValue(node.relation, this.dialect.quoteIdentifier(input.table), this.dialect);
  }

  /** Given inputs the render never read, in the order the test lists them. */
  unread(): GivenInput[] {
    return [...this.given.values()].filter((input) => !this.read.has(input.node.uniqueId));
  }

  /** Every input the model read, given or not, in the order the test lists them, then by name. */
  inputs(): UnitTestInput[] {
    const listed = [...this.given.values()].filter((input) => this.read.has(input.node.uniqueId));
    const implicit = [...this.read.values()]
      .filter((input) => !this.given.has(input.node.uniqueId))
      .sort((a, b) => (a.table < b.table ? -1 : 1));
    return [...listed, ...implicit].map((input) => ({
      input: input.input,
      table: input.table,
      upstream: input.node.relation,
      columns: declaredColumns(input.node),
      rows: input.rows,
      span: input.span,
    }));
  }

  private emptyInput(node: RelationNode): GivenInput {
    return {
      node,
      input: inputLabel(node, this.model),
      table: fixtureTableName(node, this.model, this.taken),
      rows: { kind: 'empty' },
      span: this.testSpan,
    };
  }
}
