import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { YamlSource } from '../config/yaml-source.js';
import { LdpError, type Span } from '../errors/index.js';

/** What `ldp deps` needs from a package's own project file. */
export interface PackageProject {
  /** `name:` of its dbt_project.yml: the folder it is installed as. */
  readonly name: string;
  readonly version?: string;
}

const PROJECT_FILES = ['dbt_project.yml', 'ldp_project.yml'];

/** Reads the project file of a fetched package folder; `what` names the package for messages. */
export function readPackageProject(dir: string, what: string, span: Span | undefined): PackageProject {
  const file = PROJECT_FILES.map((name) => join(dir, name)).find((path) => existsSync(path));
  if (file === undefined) {
    throw new LdpError({
      code: 'LDP859',
      message: `${what} is not a dbt project: no dbt_project.yml in ${dir}`,
      ...(span !== undefined ? { span } : {}),
      hint: 'Point the entry at the folder that holds dbt_project.yml (git: packages take subdirectory:).',
    });
  }
  const yaml = YamlSource.parse(file, readFileSync(file, 'utf8'));
  const value = (yaml.value ?? {}) as Record<string, unknown>;
  const name = value['name'];
  if (typeof name !== 'string' || !/^[A-Za-z_]\w*$/.test(name)) {
    throw new LdpError({
      code: 'LDP859',
      message: `${what} has no valid name: in ${file}`,
      span: yaml.spanOf(['name']),
      hint: 'A package needs `name:` of letters, digits and underscores; it is the folder it installs as.',
    });
  }
  const version = value['version'];
  return { name, ...(version !== undefined && version !== null ? { version: String(version) } : {}) };
}
