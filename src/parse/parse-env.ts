import type { Diagnostics } from '../errors/index.js';
import type { Project } from '../model/project.js';
import type { CaptureRecorder } from './capture.js';
import type { NamingNode } from './naming-node.js';
import type { PropertiesIndex } from './properties-index.js';

/** What parsing one file needs from the project-wide parse: shared, read-only during the stage. */
export interface ParseEnv {
  readonly project: Project;
  readonly properties: PropertiesIndex;
  readonly diagnostics: Diagnostics;
  /** Macros that call ref/source/config: models calling them need the template engine. */
  readonly graphMacros: ReadonlySet<string>;
  /** Unique ids of the project macros a template names, for the manifest's depends_on.macros. */
  readonly macrosUsedBy: (text: string) => readonly string[];
  /** Renders `text` with the capture context (the template engine), filling `recorder`. */
  readonly captureRender: (
    template: {
      readonly path: string;
      readonly text: string;
      readonly line?: number;
      readonly col?: number;
      /** The package of the node: its own macros are then unqualified names. */
      readonly packageName?: string;
    },
    recorder: CaptureRecorder,
    configSoFar: Readonly<Record<string, unknown>>,
  ) => void;
  /** The schema a node is written to (dbt's generate_schema_name, overridable by a macro). */
  readonly schemaFor: (customSchema: string | undefined, node: NamingNode) => string;
  /** The table name (dbt's generate_alias_name). */
  readonly aliasFor: (customAlias: string | undefined, node: NamingNode) => string;
  /**
   * The database a node is written to when not the target's (dbt's generate_database_name, when a
   * project or package overrides it); undefined for the target's own. Without it, `database:` config.
   */
  readonly databaseFor?: (customDatabase: string | undefined, node: NamingNode) => string | undefined;
}
