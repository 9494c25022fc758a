import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TemplateCodes } from '../../src/api/session/template-codes.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function cacheFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ldp-template-codes-'));
  dirs.push(dir);
  return join(dir, 'compiled_templates.ldp');
}

/** A command's template codes on the cache at `path`, having compiled `texts` itself. */
function command(path: string, compiled: readonly string[]): TemplateCodes {
  const codes = new TemplateCodes();
  codes.use(path);
  for (const text of compiled)
    codes.compiled(text, { body: `return ${JSON.stringify(text.length)}`, constants: [text] });
  return codes;
}

describe('the compiled templates cache', () => {
  const project = Array.from({ length: 16 }, (_, i) => `select ${i} as id`);

  it('appends what a command compiled when that is little, and writes it anew later', () => {
    const path = cacheFile();
    command(path, project).save(project);
    const written = readFileSync(path);

    // One edited template: appended, the earlier bytes stay as they are.
    const firstEdit = [...project.slice(1), 'select 100 as id'];
    command(path, ['select 100 as id']).save(firstEdit);
    const appended = readFileSync(path);
    expect(appended.length).toBeGreaterThan(written.length);
    expect(appended.subarray(0, written.length).equals(written)).toBe(true);
    const reader = command(path, []);
    for (const text of [...project, 'select 100 as id']) expect(reader.has(text)).toBe(true);
    expect(reader.get('select 100 as id')).toEqual({ body: 'return 16', constants: ['select 100 as id'] });

    // Appended entries beyond an eighth of the file: written anew, with the project's templates only.
    const secondEdit = [...project.slice(1), 'select 200 as id'];
    command(path, ['select 200 as id']).save(secondEdit);
    command(path, ['select 300 as id']).save([...secondEdit, 'select 300 as id']);
    const rewritten = command(path, []);
    for (const text of [...secondEdit, 'select 300 as id']) expect(rewritten.has(text)).toBe(true);
    expect(rewritten.has(project[0]!)).toBe(false);
    expect(rewritten.has('select 100 as id')).toBe(false);
  });

  it('reads what came before a part still being appended', () => {
    const path = cacheFile();
    command(path, project).save(project);
    const size = statSync(path).size;
    command(path, ['select 100 as id']).save([...project, 'select 100 as id']);
    writeFileSync(path, readFileSync(path).subarray(0, statSync(path).size - 3));
    const reader = command(path, []);
    expect(statSync(path).size).toBeGreaterThan(size);
    for (const text of project) expect(reader.has(text)).toBe(true);
    expect(reader.has('select 100 as id')).toBe(false);
  });

  it('treats an unreadable file as an empty cache and replaces it', () => {
    const path = cacheFile();
    writeFileSync(path, 'not a cache');
    const codes = command(path, project);
    expect(codes.has(project[0]!)).toBe(false);
    codes.save(project);
    for (const text of project) expect(command(path, []).has(text)).toBe(true);
  });
});
