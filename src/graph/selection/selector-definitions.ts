import { assertNever, didYouMean, LdpError, type Span } from '../../errors/index.js';
import type { SelectionSpec } from './selection-spec.js';
import { type DefinitionSite, readDefinition } from './yaml-definition.js';

/** Every selector of selectors.yml, parsed and checked. */
export interface SelectorDefinitions {
  readonly specs: ReadonlyMap<string, SelectionSpec>;
  /** The selector marked `default: true`, used when a command selects nothing itself. */
  readonly defaultName?: string;
}

/**
 * Parses the raw selectors.yml entries (by name, each `{definition, default?, description?,
 * span?}`) all at once, as dbt does when it loads a project: an invalid definition, a
 * reference to an unknown selector, a cycle of references or two defaults is an error even
 * when the command does not use that selector.
 */
export function parseSelectorDefinitions(raw: Readonly<Record<string, unknown>>): SelectorDefinitions {
  const specs = new Map<string, SelectionSpec>();
  const sites = new Map<string, DefinitionSite>();
  const defaults: string[] = [];
  for (const [name, entry] of Object.entries(raw)) {
    const fields = (entry !== null && typeof entry === 'object' ? entry : {}) as Record<string, unknown>;
    const span = spanOf(fields['span']);
    const site: DefinitionSite = { name, ...(span ? { span } : {}) };
    sites.set(name, site);
    if (fields['definition'] === undefined) {
      throw new LdpError({
        code: 'LDP324',
        message: `selector '${name}' in selectors.yml has no definition`,
        ...(span ? { span } : {}),
        hint: 'Write definition: <selection>, e.g. definition: tag:nightly.',
      });
    }
    specs.set(name, readDefinition(fields['definition'], site));
    if (isTrue(fields['default'])) defaults.push(name);
  }
  if (defaults.length > 1) {
    const second = sites.get(defaults[1]!)?.span;
    throw new LdpError({
      code: 'LDP326',
      message: `selectors.yml marks more than one selector as default: ${defaults.join(', ')}`,
      ...(second ? { span: second } : {}),
      hint: 'Keep default: true on one selector only.',
    });
  }
  checkReferences(specs, sites);
  return { specs, ...(defaults[0] !== undefined ? { defaultName: defaults[0] } : {}) };
}

/** The error for `--selector x` or `selector:x` when selectors.yml has no `x`. */
export function unknownSelectorError(name: string, known: Iterable<string>, span?: Span): LdpError {
  const names = [...known];
  const suggestion = didYouMean(name, names);
  return new LdpError({
    code: 'LDP323',
    message: `no selector named '${name}' in selectors.yml`,
    ...(span ? { span } : {}),
    hint: suggestion
      ? `Did you mean '${suggestion}'?`
      : names.length > 0
        ? `The selectors are: ${names.join(', ')}.`
        : 'There is no selectors.yml, or it defines no selectors.',
  });
}

/** Every `selector:` reference resolves, and no selector reaches itself. */
function checkReferences(
  specs: ReadonlyMap<string, SelectionSpec>,
  sites: ReadonlyMap<string, DefinitionSite>,
) {
  const done = new Set<string>();
  const visit = (name: string, path: readonly string[]): void => {
    if (path.includes(name)) {
      const cycle = [...path.slice(path.indexOf(name)), name];
      throw new LdpError({
        code: 'LDP322',
        message: `selectors refer to each other in a cycle: ${cycle.join(' → ')}`,
        ...(sites.get(name)?.span ? { span: sites.get(name)!.span! } : {}),
        hint: 'Break the cycle: a selector cannot include itself through method: selector.',
      });
    }
    if (done.has(name)) return;
    for (const reference of referencesOf(specs.get(name)!)) {
      if (!specs.has(reference)) throw unknownSelectorError(reference, specs.keys(), sites.get(name)?.span);
      visit(reference, [...path, name]);
    }
    done.add(name);
  };
  for (const name of specs.keys()) visit(name, []);
}

function referencesOf(spec: SelectionSpec): string[] {
  switch (spec.kind) {
    case 'criterion':
      return spec.method === 'selector' ? [spec.value] : [];
    case 'union':
    case 'intersection':
      return spec.items.flatMap(referencesOf);
    case 'difference':
      return [...referencesOf(spec.include), ...referencesOf(spec.exclude)];
    default:
      return assertNever(spec, 'selection spec');
  }
}

/** dbt accepts a boolean, or a string rendered from Jinja such as "True". */
function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}

function spanOf(value: unknown): Span | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { file, line, col } = value as Record<string, unknown>;
  return typeof file === 'string' && typeof line === 'number' && typeof col === 'number'
    ? { file, line, col }
    : undefined;
}
