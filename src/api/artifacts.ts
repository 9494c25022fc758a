import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestJson } from '../artifacts/manifest-json.js';
import { LDP_VERSION } from './ldp-version.js';
import type { ParsedProject } from './parse.js';

/** Absolute path of the project's target folder. */
export function targetDir(parsed: Pick<ParsedProject, 'project'>): string {
  return join(parsed.project.root, parsed.project.config.targetPath);
}

/** Writes `target/manifest.json`. */
export function writeManifestArtifact(parsed: ParsedProject, now: Date): string {
  const dir = targetDir(parsed);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'manifest.json');
  const json = manifestJson(parsed.manifest, {
    ldpVersion: LDP_VERSION,
    generatedAt: now.toISOString(),
    invocationId: parsed.invocationId,
    adapterType: parsed.project.target.type,
    targetName: parsed.project.target.name,
  });
  // Compact, as dbt writes it: the manifest of a large project is tens of megabytes.
  // Replace rather than overwrite: truncating a large file in place makes ext4 flush it.
  rmSync(path, { force: true });
  writeFileSync(path, JSON.stringify(json));
  return path;
}
