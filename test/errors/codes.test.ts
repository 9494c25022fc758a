import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../../src/api/index.js';
import {
  Diagnostics,
  ERROR_CODES,
  type ErrorCode,
  formatDiagnostic,
  LdpError,
} from '../../src/errors/index.js';
import { CollectingReporter } from '../../src/model/reporter.js';
import { isolated, tempProject } from '../support/temp-project.js';

const SRC = join(import.meta.dirname, '..', '..', 'src');
const REGISTRY = join(SRC, 'errors', 'codes.ts');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && path !== REGISTRY ? [path] : [];
  });
}

/** Every `'LDPnnn'` written as a string literal in src, with the files that write it. */
function codesUsedInSource(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/['"`](LDP\d{3})['"`]/g)) {
      const files = used.get(match[1]!) ?? [];
      used.set(match[1]!, [...files, relative(SRC, file)]);
    }
  }
  return used;
}

describe('the error-code registry', () => {
  const registered = Object.keys(ERROR_CODES);
  const used = codesUsedInSource();

  it('registers every code src uses', () => {
    const unregistered = [...used].filter(([code]) => !registered.includes(code));
    expect(unregistered, 'add these codes with a title to src/errors/codes.ts').toEqual([]);
  });

  it('uses every code it registers', () => {
    expect(registered.filter((code) => !used.has(code))).toEqual([]);
  });

  it('gives every code a title and keeps each in a family range', () => {
    for (const [code, title] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^LDP[1-9]\d\d$/);
      expect(title.trim().length, code).toBeGreaterThan(5);
      expect(title, code).toBe(title.trim());
    }
    expect(registered).toEqual([...registered].sort());
  });
});

describe('diagnostic text', () => {
  it('is never empty: an empty message becomes the title of its code', () => {
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      const error = new LdpError({ code, message: '  ' });
      expect(error.message).toContain(ERROR_CODES[code]);
      expect(formatDiagnostic(error)).toMatch(new RegExp(`^error\\[${code}\\]: \\S`));
    }
  });

  it('keeps the message of a warning recorded from another stage', () => {
    const diagnostics = new Diagnostics();
    diagnostics.warn(new LdpError({ code: 'LDP133', message: "'foo' is ignored", severity: 'warning' }));
    expect(diagnostics.warnings[0]!.message).toBe("'foo' is ignored");
  });

  it('reports an ignored top-level properties key with its text, parsed afresh and from the cache', async () => {
    const root = tempProject({
      'ldp_project.yml': 'name: shop\n',
      'models/m.sql': 'select 1 as id',
      'models/props.yml': 'version: 2\nfoo: 1\nmodels:\n  - name: m\n',
    });
    for (const round of ['fresh', 'cached']) {
      const reporter = new CollectingReporter();
      await parse({ ...isolated(root), reporter });
      const texts = reporter.events.flatMap((event) =>
        event.kind === 'diagnostic' ? [formatDiagnostic(event.diagnostic)] : [],
      );
      expect(texts, round).toHaveLength(1);
      expect(texts[0], round).toMatch(/^warning\[LDP133\]: 'foo' in models\/props\.yml is not used by ldp/);
    }
  });
});
