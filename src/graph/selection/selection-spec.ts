/**
 * How tests join a selection when the nodes they test are selected (dbt's
 * `--indirect-selection`): `eager` when any parent is selected, `cautious` when all are,
 * `buildable` when all are selected or ancestors of selected nodes, `empty` never.
 */
export type IndirectSelection = 'eager' | 'cautious' | 'buildable' | 'empty';

export const INDIRECT_SELECTION_MODES: readonly IndirectSelection[] = [
  'eager',
  'cautious',
  'buildable',
  'empty',
];

/** Selection methods ldp implements: the `method` of `method:value`. */
export type SelectionMethod =
  | 'fqn'
  | 'tag'
  | 'path'
  | 'file'
  | 'layer'
  | 'config'
  | 'resource_type'
  | 'source'
  | 'exposure'
  | 'test_type'
  | 'test_name'
  | 'package'
  | 'unit_test'
  | 'version'
  | 'state'
  | 'selector';

export const SELECTION_METHODS: readonly SelectionMethod[] = [
  'fqn',
  'tag',
  'path',
  'file',
  'layer',
  'config',
  'resource_type',
  'source',
  'exposure',
  'test_type',
  'test_name',
  'package',
  'unit_test',
  'version',
  'state',
  'selector',
];

/** One criterion with its graph operators, as `2+tag:nightly+`, `@orders` or a yaml `{method, value}`. */
export interface SelectionCriterion {
  readonly kind: 'criterion';
  readonly method: SelectionMethod;
  /** What follows the method after dots: `config.meta.owner` has `['meta', 'owner']`. */
  readonly methodArguments: readonly string[];
  readonly value: string;
  /** `+x`: ancestors, all of them unless `parentsDepth` limits the steps. */
  readonly parents: boolean;
  readonly parentsDepth?: number;
  /** `x+`: descendants, all of them unless `childrenDepth` limits the steps. */
  readonly children: boolean;
  readonly childrenDepth?: number;
  /** `@x`: x, its descendants, and every ancestor of those. */
  readonly childrensParents: boolean;
  /** A yaml criterion's own `indirect_selection`, which wins over the command's mode. */
  readonly indirectSelection?: IndirectSelection;
  /** The criterion as written, for warnings and errors. */
  readonly raw: string;
}

/** Space (union) and comma (intersection) of the command line; `union:`/`intersection:` of yaml. */
export interface SelectionSetOperation {
  readonly kind: 'union' | 'intersection';
  readonly items: readonly SelectionSpec[];
  readonly raw: string;
  /** Command-line terms warn when they select nothing, as dbt does; yaml definitions do not. */
  readonly warnIfEmpty: boolean;
}

/** `--exclude`, or `exclude:` in yaml: what `include` selects minus what `exclude` selects. */
export interface SelectionDifference {
  readonly kind: 'difference';
  readonly include: SelectionSpec;
  readonly exclude: SelectionSpec;
  readonly raw: string;
}

/** A parsed selection: a tree of set operations over criteria. */
export type SelectionSpec = SelectionCriterion | SelectionSetOperation | SelectionDifference;
