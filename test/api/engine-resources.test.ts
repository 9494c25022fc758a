import { describe, expect, it } from 'vitest';
import { defaultMemoryLimit, engineThreads } from '../../src/api/warehouse/engine-resources.js';

describe('engineThreads', () => {
  it("is the target's threads, at most the machine's cores", () => {
    expect(engineThreads({ threads: 4 }, 2)).toBe(2);
    expect(engineThreads({ threads: 4 }, 16)).toBe(4);
    expect(engineThreads({ threads: 1 }, 8)).toBe(1);
  });
});

describe('defaultMemoryLimit', () => {
  it('gives each worker thread 350 MB', () => {
    expect(defaultMemoryLimit(1, 64e9)).toBe('350MB');
    expect(defaultMemoryLimit(2, 64e9)).toBe('700MB');
    expect(defaultMemoryLimit(4, 64e9)).toBe('1400MB');
  });

  it("takes at most half the machine's memory", () => {
    expect(defaultMemoryLimit(16, 8e9)).toBe('4000MB');
  });
});
