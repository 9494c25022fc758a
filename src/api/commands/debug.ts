import { existsSync } from 'node:fs';
import { LDP_VERSION } from '../session/ldp-version.js';
import type { ProjectOptions } from '../session/options.js';
import { parse } from '../session/parse.js';

/** `ldp debug`: what ldp resolved (project, profile, target, paths) and whether it is usable. */
export async function debugProject(options: ProjectOptions): Promise<Record<string, unknown>> {
  const parsed = await parse(options);
  const { project } = parsed;
  const target = project.target;
  const info = {
    'ldp version': LDP_VERSION,
    'node version': process.version,
    'project file': project.configFile,
    'project name': project.config.name,
    'profile source': target.source,
    profile: target.profileName,
    target: target.name,
    type: target.type,
    schema: target.schema,
    threads: target.threads,
    warehouse: target.warehousePath,
    catalog: `${target.catalogPath} (catalog name '${target.catalogName}')`,
    ...(target.duckdbPath ? { 'duckdb file': target.duckdbPath } : {}),
    'model paths': project.config.modelPaths.join(', '),
    'target path': project.config.targetPath,
    layers: project.config.layers.join(' → '),
  };
  const width = Math.max(...Object.keys(info).map((k) => k.length));
  const lines = Object.entries(info).map(([key, value]) => `  ${key.padEnd(width)}  ${String(value)}`);
  parsed.reporter.report({ kind: 'output', text: lines.join('\n') });
  if (target.type === 'duckdb' && existsSync(target.warehousePath) === false) {
    parsed.reporter.report({
      kind: 'info',
      message: `warehouse folder does not exist yet; \`ldp run\` creates it`,
    });
  }
  if (target.type === 'bigquery') {
    // Loaded only here: the BigQuery client is large and local commands never need it.
    const { checkBigQueryTarget } = await import('./check-bigquery-target.js');
    const checked = await checkBigQueryTarget(target);
    const lines = Object.entries(checked).map(([key, value]) => `  ${key.padEnd(width)}  ${value}`);
    parsed.reporter.report({ kind: 'output', text: `BigQuery connection:\n${lines.join('\n')}` });
  }
  parsed.reporter.report({ kind: 'info', message: 'All checks passed!' });
  return info;
}
