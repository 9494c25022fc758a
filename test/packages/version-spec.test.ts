import { describe, expect, it } from 'vitest';
import { matchingVersions, meetsDbtRequirement, parseVersionSpec } from '../../src/packages/version-spec.js';

const specs = (...texts: string[]) => texts.map((t) => parseVersionSpec(t)!);
const AVAILABLE = ['0.9.0', '1.0.0', '1.1.0-b1', '1.1.0', '1.2.3', '2.0.0-rc1', '2.0.0'];

describe('dbt version specs', () => {
  it('reads comparisons and bare versions, and refuses partial versions and npm ranges', () => {
    expect(parseVersionSpec('>=1.0.0')).toEqual({ operator: '>=', version: '1.0.0', prerelease: false });
    expect(parseVersionSpec('1.2.3')).toEqual({ operator: '=', version: '1.2.3', prerelease: false });
    expect(parseVersionSpec('<2.0.0-rc1')?.prerelease).toBe(true);
    for (const bad of ['1.0', '^1.0.0', '~1.2.3', '>=1.0.0 <2.0.0', 'latest', ''])
      expect(parseVersionSpec(bad)).toBeUndefined();
  });

  it('keeps the versions every spec allows, newest first, prereleases only when allowed', () => {
    expect(matchingVersions(AVAILABLE, specs('>=1.0.0', '<2.0.0'), false)).toEqual([
      '1.2.3',
      '1.1.0',
      '1.0.0',
    ]);
    expect(matchingVersions(AVAILABLE, specs('>1.0.0', '<=2.0.0'), true)).toEqual([
      '2.0.0',
      '2.0.0-rc1',
      '1.2.3',
      '1.1.0',
      '1.1.0-b1',
    ]);
    expect(matchingVersions(AVAILABLE, specs('>=2.0.0', '<1.0.0'), true)).toEqual([]);
    expect(matchingVersions(AVAILABLE, [], false)[0]).toBe('2.0.0');
  });

  it("checks a package's require-dbt-version", () => {
    expect(meetsDbtRequirement('1.10.0', ['>=1.3.0', '<3.0.0'])).toBe(true);
    expect(meetsDbtRequirement('1.10.0', '>=2.0.0')).toBe(false);
    expect(meetsDbtRequirement('1.10.0', undefined)).toBe(true);
  });
});
