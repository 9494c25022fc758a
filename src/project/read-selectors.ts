import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { YamlSource } from '../config/yaml-source.js';
import { Diagnostics, didYouMeanHint, LdpError } from '../errors/index.js';

const SELECTOR_KEYS = ['name', 'definition', 'description', 'default'];

/**
 * `selectors.yml` at the project root: named selector definitions, kept raw with the span of
 * each entry (the selection stage validates definitions). Entry keys are checked strictly.
 */
export function readSelectors(root: string): Record<string, unknown> {
  const file = join(root, 'selectors.yml');
  if (!existsSync(file)) return {};
  const yaml = YamlSource.parse('selectors.yml', readFileSync(file, 'utf8'));
  const list = (yaml.value as { selectors?: unknown } | null)?.selectors;
  if (!Array.isArray(list)) {
    throw new LdpError({
      code: 'LDP107',
      message: 'selectors.yml must have a top-level `selectors:` list',
      span: yaml.spanOf(['selectors']),
      source: yaml.text,
      hint: 'Write selectors: [{name: …, definition: …}].',
    });
  }
  const diagnostics = new Diagnostics();
  const out: Record<string, unknown> = {};
  list.forEach((entry, index) => {
    const selector = readSelector(yaml, entry, index, diagnostics);
    if (selector === undefined) return;
    if (selector.name in out) {
      diagnostics.error({
        code: 'LDP107',
        message: `selector '${selector.name}' is defined twice in selectors.yml`,
        span: selector.span,
        source: yaml.text,
        hint: 'Give each selector its own name.',
      });
    }
    out[selector.name] = selector;
  });
  diagnostics.throwIfErrors();
  return out;
}

function readSelector(
  yaml: YamlSource,
  entry: unknown,
  index: number,
  diagnostics: Diagnostics,
): ({ name: string; span: ReturnType<YamlSource['spanOf']> } & Record<string, unknown>) | undefined {
  const path = ['selectors', index];
  const span = yaml.spanOf(path, 'value');
  const fields = (entry !== null && typeof entry === 'object' ? entry : {}) as Record<string, unknown>;
  for (const key of Object.keys(fields).filter((k) => !SELECTOR_KEYS.includes(k))) {
    diagnostics.error({
      code: 'LDP107',
      message: `unknown key '${key}' in a selector of selectors.yml`,
      span: yaml.spanOf([...path, key]),
      source: yaml.text,
      hint: didYouMeanHint(key, SELECTOR_KEYS) ?? `Known keys: ${SELECTOR_KEYS.join(', ')}.`,
    });
  }
  const name = fields['name'];
  if (typeof name !== 'string' || fields['definition'] === undefined) {
    diagnostics.error({
      code: 'LDP107',
      message: 'every selector needs a name and a definition',
      span,
      source: yaml.text,
      hint: 'Write - name: <selector name>\n  definition: <selection>.',
    });
    return undefined;
  }
  return { ...fields, name, span };
}
