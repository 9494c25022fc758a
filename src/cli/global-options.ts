import type { Argv } from 'yargs';
import { nonEmptyListFlag, wholeNumberFlag } from './flag-values.js';

/** Flags every project command accepts, as dbt names them. */
export function withProjectOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('project-dir', {
      type: 'string',
      describe: 'Folder with ldp_project.yml or dbt_project.yml',
      default: '.',
    })
    .option('profiles-dir', {
      type: 'string',
      describe: 'Folder with profiles.yml (default: project folder, then ~/.ldp)',
    })
    .option('target', { alias: 't', type: 'string', describe: 'Output of the profile to use' })
    .option('vars', { type: 'string', describe: "Variables as YAML or JSON, e.g. '{start: 2023-01-01}'" })
    .option('threads', {
      ...wholeNumberFlag('threads', { min: 1 }),
      describe: 'Number of models to run at once (1 or more)',
    })
    .option('partial-parse', {
      type: 'boolean',
      default: true,
      describe: 'Reuse the parse cached in target/ when no file changed (--no-partial-parse to re-parse)',
    });
}

/** `--select`, `--exclude`, `--selector`. */
export function withSelectionOptions<T>(yargs: Argv<T>) {
  return yargs
    .option('select', {
      alias: ['s', 'models', 'm'],
      type: 'string',
      array: true,
      coerce: nonEmptyListFlag('select', 'my_model+'),
      describe: 'Nodes to include (dbt syntax)',
    })
    .option('exclude', {
      type: 'string',
      array: true,
      coerce: nonEmptyListFlag('exclude', 'tag:nightly'),
      describe: 'Nodes to leave out',
    })
    .option('selector', { type: 'string', describe: 'A named selector from selectors.yml' })
    .option('state', {
      type: 'string',
      describe: 'Folder with the manifest.json of an earlier run, for state:modified and state:new',
    });
}

export interface ProjectArgs {
  readonly projectDir: string;
  readonly profilesDir?: string;
  readonly target?: string;
  readonly vars?: string;
  readonly threads?: number;
  readonly partialParse?: boolean;
}

export interface SelectionArgs {
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  readonly selector?: string;
  readonly state?: string;
}
