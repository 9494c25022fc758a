import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PreviousManifest } from '../../artifacts/compare-state.js';
import { LdpError } from '../../errors/index.js';

/**
 * The `manifest.json` in the `--state` folder (written by ldp or by dbt), read once per command.
 * A missing or unreadable file is a user error that names the file.
 */
export function readStateManifest(stateDir: string): PreviousManifest {
  const path = join(resolve(stateDir), 'manifest.json');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new LdpError({
      code: 'LDP160',
      message: `--state ${stateDir}: there is no readable manifest.json at ${path}`,
      hint: 'Point --state at the target/ folder of the run to compare with (it holds manifest.json).',
    });
  }
  try {
    const json = JSON.parse(text) as unknown;
    if (json === null || typeof json !== 'object' || !('nodes' in json)) throw new Error('no nodes');
    return json as PreviousManifest;
  } catch {
    throw new LdpError({
      code: 'LDP160',
      message: `--state ${stateDir}: ${path} is not a manifest.json (no JSON object with "nodes")`,
      hint: 'Use the manifest.json that ldp (or dbt) wrote in target/; rerun `ldp parse` there if it was damaged.',
    });
  }
}
