import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMap, isSeq, parseDocument, YAMLSeq } from 'yaml';
import { LdpError } from '../errors/index.js';
import { PACKAGE_FILES } from './packages-file.js';
import { parseVersionSpec } from './version-spec.js';

export type AddPackageSource = 'hub' | 'git' | 'local';

/** The key each source kind is written with in a packages file. */
const SOURCE_KEY: Record<AddPackageSource, string> = { hub: 'package', git: 'git', local: 'local' };

/**
 * `ldp deps --add-package <name>@<version> [--source hub|git|local]`, as dbt does: the entry is
 * added to the packages file that lists packages (packages.yml when there is none), replacing an
 * entry for the same package; comments and layout of the file are kept. Returns the file name.
 */
export function addPackage(root: string, argument: string, source: AddPackageSource = 'hub'): string {
  const entry = entryFor(argument, source);
  const file = PACKAGE_FILES.find((name) => listsPackages(join(root, name))) ?? 'packages.yml';
  const path = join(root, file);
  const document = parseDocument(existsSync(path) ? readFileSync(path, 'utf8') : 'packages: []\n');
  if (!isMap(document.contents)) document.contents = document.createNode({ packages: [] }) as never;
  let list = document.get('packages');
  if (!isSeq(list)) {
    list = new YAMLSeq();
    document.set('packages', list);
  }
  const seq = list as YAMLSeq;
  const key = SOURCE_KEY[source];
  seq.items = seq.items.filter((item) => !(isMap(item) && item.get(key) === entry[key]));
  seq.add(document.createNode(entry));
  const aside = `${path}.${process.pid}.tmp`;
  writeFileSync(aside, document.toString());
  renameSync(aside, path);
  return file;
}

function entryFor(argument: string, source: AddPackageSource): Record<string, string> {
  const at = argument.lastIndexOf('@');
  const name = at > 0 ? argument.slice(0, at) : argument;
  const version = at > 0 ? argument.slice(at + 1) : undefined;
  switch (source) {
    case 'hub':
      if (
        version === undefined ||
        parseVersionSpec(version) === undefined ||
        !/^[^/\s]+\/[^/\s]+$/.test(name)
      )
        throw badArgument(
          argument,
          'a hub package is added as <namespace>/<name>@<version>, e.g. dbt-labs/dbt_utils@1.3.0',
        );
      return { package: name, version };
    case 'git':
      if (version === undefined) throw badArgument(argument, 'a git package is added as <url>@<revision>');
      return { git: name, revision: version };
    case 'local':
      return { local: argument };
  }
}

function badArgument(argument: string, hint: string): LdpError {
  return new LdpError({
    code: 'LDP865',
    message: `--add-package '${argument}' is not a package to add`,
    hint: `Write ${hint}.`,
  });
}

function listsPackages(path: string): boolean {
  if (!existsSync(path)) return false;
  const list = parseDocument(readFileSync(path, 'utf8')).get('packages');
  return isSeq(list) && list.items.length > 0;
}
