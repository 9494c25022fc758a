import { basename, dirname, join } from 'node:path';
import type { GraphNode } from '../../model/node.js';
import type { Project, SourceFile } from '../../model/project.js';

/** What compiled paths depend on: the target folder and the project name. */
export type PathConfig = Pick<Project['config'], 'targetPath' | 'name'>;

/** `target/compiled/<project>/<original_file_path>`, relative to the project folder. */
export function compiledPathIn(config: PathConfig, node: GraphNode): string {
  const base = join(config.targetPath, 'compiled', config.name);
  if (node.resourceType === 'test' && node.testType === 'generic') {
    return join(base, node.originalFilePath, basename(node.path));
  }
  if (node.resourceType === 'snapshot') return join(base, dirname(node.originalFilePath), `${node.name}.sql`);
  if (node.resourceType === 'unit_test')
    return join(base, node.originalFilePath, node.model, `${node.name}.sql`);
  return join(base, node.originalFilePath);
}

/** Unit-test fixture files by file name; with two of the same name, the first path wins. */
export function fixtureFilesOf(files: readonly SourceFile[]): Map<string, { path: string; text: string }> {
  const fixtures = new Map<string, { path: string; text: string }>();
  for (const file of files) {
    const name = basename(file.path);
    if (file.kind === 'fixture' && !fixtures.has(name))
      fixtures.set(name, { path: file.path, text: file.text });
  }
  return fixtures;
}
