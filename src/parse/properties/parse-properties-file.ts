import { type RenderString, YamlSource } from '../../config/index.js';
import { Diagnostics } from '../../errors/index.js';
import type { SourceFile } from '../../model/project.js';
import type { PropertiesFile } from '../../model/properties.js';
import { EntryReader } from './entry-reader.js';
import { readExposure } from './read-exposures.js';
import { readMacro } from './read-macros.js';
import { readModel } from './read-models.js';
import { readSource } from './read-sources.js';
import { readUnitTest } from './read-unit-tests.js';
import { renderPropertiesValues } from './render-properties.js';

const KNOWN_TOP_LEVEL = [
  'version',
  'models',
  'sources',
  'seeds',
  'snapshots',
  'analyses',
  'data_tests',
  'macros',
  'exposures',
  'unit_tests',
];

/** dbt's semantic layer and groups: read by dbt Cloud, nothing for ldp to build; no warning. */
const QUIET_TOP_LEVEL = ['semantic_models', 'metrics', 'saved_queries', 'groups'];

/**
 * A `version: 2` properties file (dbt's schema.yml format), strictly validated. Keys of dbt's
 * semantic layer (`semantic_models`, `metrics`, `saved_queries`) and `groups` are skipped without a word. With `render`, values
 * are rendered first as dbt renders a schema file (see `renderPropertiesValues`).
 */
export function parsePropertiesFile(
  file: SourceFile,
  render?: RenderString,
): {
  properties: PropertiesFile;
  diagnostics: Diagnostics;
} {
  const diagnostics = new Diagnostics();
  const empty: PropertiesFile = {
    path: file.path,
    models: [],
    seeds: [],
    snapshots: [],
    analyses: [],
    sources: [],
    macros: [],
    exposures: [],
    unitTests: [],
  };
  const yaml = diagnostics.capture(() => YamlSource.parse(file.path, file.text));
  if (yaml === undefined || yaml.value === null || yaml.value === undefined)
    return { properties: empty, diagnostics };
  const value = render ? renderPropertiesValues(yaml, render, diagnostics) : yaml.value;
  const root = EntryReader.at(yaml, [], value, diagnostics, file.path);
  if (!root) return { properties: empty, diagnostics };
  checkVersion(root, diagnostics);
  for (const key of Object.keys(root.value)) {
    if (!KNOWN_TOP_LEVEL.includes(key) && !QUIET_TOP_LEVEL.includes(key)) {
      diagnostics.warn({
        code: 'LDP133',
        message: `'${key}' in ${file.path} is not used by ldp and is ignored`,
        span: root.spanOf(key),
      });
    }
  }
  const each = <T>(key: string, what: string, read: (entry: EntryReader) => T | undefined): T[] =>
    root.children(key, what).flatMap((entry) => {
      const result = read(entry);
      return result ? [result] : [];
    });
  return {
    properties: {
      path: file.path,
      models: each('models', 'a model entry', (e) => readModel(e, 'model')),
      seeds: each('seeds', 'a seed entry', (e) => readModel(e, 'seed')),
      snapshots: each('snapshots', 'a snapshot entry', (e) => readModel(e, 'snapshot')),
      analyses: each('analyses', 'an analysis entry', (e) => readModel(e, 'analysis')),
      dataTests: each('data_tests', 'a singular test entry', (e) => readModel(e, 'singular test')),
      sources: each('sources', 'a source entry', readSource),
      macros: each('macros', 'a macro entry', readMacro),
      exposures: each('exposures', 'an exposure entry', readExposure),
      unitTests: each('unit_tests', 'a unit test entry', readUnitTest),
    },
    diagnostics,
  };
}

function checkVersion(root: EntryReader, diagnostics: Diagnostics): void {
  const version = root.value['version'];
  // dbt 1.5+ reads a properties file without `version:` quietly; real projects leave it out.
  if (version === undefined) return;
  if (Number(version) !== 2) {
    diagnostics.error({
      code: 'LDP134',
      message: `properties file version ${JSON.stringify(version)} is not supported`,
      span: root.spanOf('version'),
      hint: 'Use version: 2 (dbt schema.yml format).',
    });
  }
}
