import { LdpError } from '../../errors/index.js';

/** One selection criterion with its graph operators: `2+tag:nightly+`, `@silver_trips`. */
export interface SelectionCriterion {
  readonly method: string;
  readonly value: string;
  readonly parents: boolean;
  readonly parentsDepth?: number;
  readonly children: boolean;
  readonly childrenDepth?: number;
  /** `@x`: x, its descendants, and every ancestor of those. */
  readonly childrensParents: boolean;
  readonly raw: string;
}

/** A space-separated union of comma-separated intersections, as on dbt's command line. */
export type SelectionSpec = readonly (readonly SelectionCriterion[])[];

const TERM = /^(@)?(?:(\d*)\+)?([^+]+?)(?:\+(\d*))?$/;

export function parseSelector(text: string): SelectionSpec {
  return text
    .trim()
    .split(/\s+/)
    .filter((part) => part.length > 0)
    .map((union) => union.split(',').map(parseCriterion));
}

export function parseCriterion(raw: string): SelectionCriterion {
  const match = TERM.exec(raw);
  if (!match || (match[1] && match[2] !== undefined)) {
    throw new LdpError({
      code: 'LDP320',
      message: `cannot read the selector '${raw}'`,
      hint: 'Write a name with optional graph operators: model, +model, model+, 2+model, model+1, @model, or method:value (tag:nightly, path:models/silver).',
    });
  }
  const [, at, up, body, down] = match;
  const colon = body!.indexOf(':');
  const method = colon === -1 ? '' : body!.slice(0, colon);
  const value = colon === -1 ? body! : body!.slice(colon + 1);
  if (value.length === 0) {
    throw new LdpError({
      code: 'LDP320',
      message: `the selector '${raw}' has no value after '${method}:'`,
      hint: `Write ${method}:<value>.`,
    });
  }
  return {
    method,
    value,
    parents: up !== undefined,
    ...(up ? { parentsDepth: Number(up) } : {}),
    children: down !== undefined,
    ...(down ? { childrenDepth: Number(down) } : {}),
    childrensParents: at !== undefined,
    raw,
  };
}
