import type { Diagnostics } from '../errors/index.js';
import type {
  ExposureDefinition,
  ModelProperties,
  PropertiesFile,
  SourceDefinition,
  UnitTestDefinition,
} from '../model/properties.js';

export type PatchKind = 'model' | 'seed' | 'snapshot' | 'analysis' | 'test';

/**
 * Properties entries by the node they describe. A node described in two files is an error
 * pointing at both, as dbt reports it.
 */
export class PropertiesIndex {
  private readonly patches = new Map<string, { props: ModelProperties; file: string }>();
  readonly sources: { definition: SourceDefinition; file: string }[] = [];
  readonly exposures: { definition: ExposureDefinition; file: string }[] = [];
  readonly unitTests: { definition: UnitTestDefinition; file: string }[] = [];

  constructor(files: readonly PropertiesFile[], diagnostics: Diagnostics) {
    for (const file of files) {
      this.addPatches('model', file.models, file.path, diagnostics);
      this.addPatches('seed', file.seeds, file.path, diagnostics);
      this.addPatches('snapshot', file.snapshots, file.path, diagnostics);
      this.addPatches('analysis', file.analyses, file.path, diagnostics);
      this.addPatches('test', file.dataTests ?? [], file.path, diagnostics);
      for (const definition of file.sources) this.sources.push({ definition, file: file.path });
      for (const definition of file.exposures) this.exposures.push({ definition, file: file.path });
      for (const definition of file.unitTests) this.unitTests.push({ definition, file: file.path });
    }
  }

  patchFor(kind: PatchKind, name: string): { props: ModelProperties; file: string } | undefined {
    return this.patches.get(`${kind}:${name}`);
  }

  /** Patches whose node does not exist, to warn about (dbt warns too). */
  *entries(): IterableIterator<[string, { props: ModelProperties; file: string }]> {
    yield* this.patches.entries();
  }

  private addPatches(
    kind: PatchKind,
    list: readonly ModelProperties[],
    file: string,
    diagnostics: Diagnostics,
  ): void {
    for (const props of list) {
      const key = `${kind}:${props.name}`;
      const existing = this.patches.get(key);
      if (existing) {
        diagnostics.error({
          code: 'LDP310',
          message: `${kind} '${props.name}' has properties in two files: ${existing.file} and ${file}`,
          span: props.span,
          related: [{ message: 'the other entry', span: existing.props.span }],
          hint: 'Keep one entry per node; merge the two.',
        });
        continue;
      }
      this.patches.set(key, { props, file });
    }
  }
}
