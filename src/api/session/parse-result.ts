import type { ManifestChanges } from '../../artifacts/manifest-splice.js';
import type { Manifest } from '../../model/manifest.js';
import type { Project } from '../../model/project.js';
import type { ReparsedFiles } from '../../parse/reparse-files.js';

/**
 * What a parse produced: the project as read and its manifest. Immutable once made; whatever
 * changes while a command runs (caches, reports, environment reads) is the session's.
 */
export interface ParseResult {
  readonly project: Project;
  /** Read on first use when it came from the parse cache: `ldp parse` of an unchanged project never needs it. */
  readonly manifest: Manifest;
  /** Fingerprint of every input of the parse (files, config, target, vars). */
  readonly inputsFingerprint: string;
  /** True when the manifest came from the parse cache in `target/`. */
  readonly fromCache: boolean;
  /** Set when the cached parse was brought up to date by parsing only the SQL files that changed. */
  readonly partialParse?: PartialParse;
}

/** What a partial parse (see `parseOrReuse` in `parse.ts`) parsed again, and the parse it started from. */
export interface PartialParse extends ReparsedFiles {
  /** Inputs fingerprint of the cached parse it started from. */
  readonly from: string;
  /** How the manifest differs from the one of that parse: what manifest.json must write again. */
  readonly manifestChanges: ManifestChanges;
}
