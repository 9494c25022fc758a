import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BenchLine, median, runLdp } from './support/measure.js';
import { layerOf, writeSyntheticProject } from './support/synthetic-project.js';

const RUNS = 5;
/** Runs per project in the package section: each 10,000-model compile writes 30,000 files. */
const PACKAGE_RUNS = 3;

/**
 * Whole-process wall time and peak memory of `ldp parse` and `ldp compile` on synthetic
 * projects (each model: 2–4 refs, config(), a macro call, a for loop, two column tests),
 * median of several runs.
 *
 * Cold runs start without target/. The previous run's target/ is moved aside, not deleted: on
 * ext4 without a journal (this machine's disk) the kernel will not reuse an inode freed in the
 * last minute and scans past every such inode for each new file, so creating 30,000 files right
 * after deleting 30,000 others costs seconds of system time that have nothing to do with ldp.
 * One extra line shows that case (`ldp clean && ldp compile`). Everything is deleted at the end.
 */
export async function runParseCompileBench(options: { quick?: boolean } = {}): Promise<BenchLine[]> {
  const sizes = options.quick ? [1_000] : [1_000, 10_000];
  const lines: BenchLine[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'ldp-bench-'));
  try {
    for (const size of sizes) lines.push(...measureSize(join(scratch, `project-${size}`), scratch, size));
    lines.push(measurePackageProject(scratch));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return lines;
}

function measureSize(dir: string, scratch: string, size: number): BenchLine[] {
  mkdirSync(dir);
  writeSyntheticProject(dir, size);
  const goals =
    size === 10_000
      ? {
          parse: '≤ 1000 ms',
          compile: '≤ 2000 ms',
          memory: '≤ 1024 MB',
          warmParse: '≤ 300 ms',
          editLoop: '≤ 500 ms',
        }
      : {};
  const lines: BenchLine[] = [];
  let aside = 0;
  const moveTargetAside = () => {
    if (existsSync(join(dir, 'target')))
      renameSync(join(dir, 'target'), join(scratch, `old-target-${size}-${aside++}`));
  };
  for (const command of ['parse', 'compile'] as const) {
    moveTargetAside();
    const cold = sample(RUNS, () => {
      const run = runLdp([command], dir);
      moveTargetAside();
      return run;
    });
    runLdp([command], dir);
    const warm = sample(RUNS, () => runLdp([command], dir));
    // The edit-and-rerun loop: one model's SQL changes between runs, target/ stays. Almost every
    // node is downstream of model_1; nothing is downstream of the last model.
    const edited = (index: number) => {
      const model = join(dir, 'models', layerOf(index, size), `model_${index}.sql`);
      const original = readFileSync(model, 'utf8');
      let edits = 0;
      const result = sample(RUNS, () => {
        writeFileSync(model, `${original}-- edit ${++edits}\n`);
        return runLdp([command], dir);
      });
      writeFileSync(model, original);
      return result;
    };
    const editedRoot = edited(1);
    const editedLeaf = edited(size - 1);
    lines.push(
      {
        name: `${command} ${size} models + ${size * 2} tests, cold`,
        value: cold.wallMs,
        unit: 'ms',
        goal: goals[command],
      },
      {
        name: `${command} ${size} models + ${size * 2} tests, warm (unchanged project)`,
        value: warm.wallMs,
        unit: 'ms',
        ...(command === 'parse' ? { goal: goals.warmParse } : {}),
      },
      {
        name: `${command} ${size} models + ${size * 2} tests, a model upstream of all changed`,
        value: editedRoot.wallMs,
        unit: 'ms',
      },
      {
        name: `${command} ${size} models + ${size * 2} tests, a leaf model changed`,
        value: editedLeaf.wallMs,
        unit: 'ms',
      },
      ...cpuLines(`${command} ${size} models`, { cold, warm }),
      {
        name: `${command} ${size} models, peak memory`,
        value: Math.max(cold.maxRssMb, warm.maxRssMb),
        unit: 'MB',
        goal: goals.memory,
      },
    );
  }
  lines.push(...editLoopLines(dir, size, goals.editLoop));
  if (size === 10_000) {
    // One run only: it is slow, and it measures the disk more than ldp.
    rmSync(join(dir, 'target'), { recursive: true, force: true });
    lines.push({
      name: `compile ${size} models, cold right after deleting 30,000 files`,
      value: runLdp(['compile'], dir).wallMs,
      unit: 'ms',
    });
  }
  return lines;
}

/**
 * The edit loop: one model's SQL changes, then `ldp compile -s` of that model (the whole
 * process), beside the floor every ldp command pays (`ldp --version`: Node starting and loading
 * the CLI), measured in the same run. CPU time is given too: on a busy machine wall time varies
 * with the load, CPU time much less.
 */
function editLoopLines(dir: string, size: number, goal: string | undefined): BenchLine[] {
  runLdp(['compile'], dir);
  const index = Math.floor(size / 2);
  const name = `model_${index}`;
  const model = join(dir, 'models', layerOf(index, size), `${name}.sql`);
  const original = readFileSync(model, 'utf8');
  let edits = 0;
  const edited = sample(RUNS, () => {
    writeFileSync(model, `${original}-- edit ${++edits}\n`);
    return runLdp(['compile', '-s', name], dir);
  });
  writeFileSync(model, original);
  const floor = sample(RUNS, () => runLdp(['--version'], dir));
  return [
    {
      name: `edit one model + compile -s it, ${size} models`,
      value: edited.wallMs,
      unit: 'ms',
      ...(goal ? { goal } : {}),
    },
    { name: `edit one model + compile -s it, ${size} models, CPU time`, value: edited.cpuMs, unit: 'ms' },
    { name: 'reference: ldp --version (process start)', value: floor.wallMs, unit: 'ms' },
    { name: 'reference: ldp --version (process start), CPU time', value: floor.cpuMs, unit: 'ms' },
  ];
}

function cpuLines(label: string, samples: Record<'cold' | 'warm', { cpuMs: number }>): BenchLine[] {
  return [
    { name: `${label}, cold, CPU time`, value: samples.cold.cpuMs, unit: 'ms' },
    { name: `${label}, warm, CPU time`, value: samples.warm.cpuMs, unit: 'ms' },
  ];
}

/** `ldp parse` of dbt-utils 1.3.3's integration project with dbt_utils installed, cold. */
function measurePackageProject(scratch: string): BenchLine {
  cpSync(resolve('../shared/fixtures/dbt-packages/dbt-utils-1.3.3'), join(scratch, 'dbt-utils'), {
    recursive: true,
  });
  const dir = join(scratch, 'dbt-utils', 'integration_tests');
  writeFileSync(
    join(dir, 'profiles.yml'),
    'integration_tests:\n  target: duckdb\n  outputs:\n    duckdb: {type: duckdb, schema: main}\n',
  );
  runLdp(['deps'], dir);
  const cold = sample(RUNS, () => {
    const run = runLdp(['parse'], dir);
    rmSync(join(dir, 'target'), { recursive: true, force: true });
    return run;
  });
  return {
    name: 'parse dbt-utils integration project with dbt_utils installed, cold',
    value: cold.wallMs,
    unit: 'ms',
  };
}

/**
 * The cost of a package's macros: a project whose every model calls `dbt_utils` macros
 * (`generate_surrogate_key`, `safe_divide`) and has a `dbt_utils.expression_is_true` test, with
 * dbt-utils 1.3.3 installed, beside the same project with that SQL written out and a built-in
 * test instead (no package). Cold parse and compile, medians, and their ratio (goal ≤ 1.2×).
 */
export async function runPackageMacroBench(options: { quick?: boolean } = {}): Promise<BenchLine[]> {
  const size = options.quick ? 1_000 : 10_000;
  const scratch = mkdtempSync(join(tmpdir(), 'ldp-bench-'));
  try {
    const plain = join(scratch, 'plain');
    const withUtils = join(scratch, 'dbt-utils-calls');
    mkdirSync(plain);
    mkdirSync(withUtils);
    writeSyntheticProject(plain, size, { extraColumns: true });
    writeSyntheticProject(withUtils, size, {
      dbtUtils: resolve('../shared/fixtures/dbt-packages/dbt-utils-1.3.3'),
    });
    runLdp(['deps'], withUtils);
    const lines: BenchLine[] = [];
    let aside = 0;
    for (const command of ['parse', 'compile'] as const) {
      // Alternating runs, so a change in the machine's load falls on both projects alike. Cold
      // runs move target/ aside rather than delete it (see `runParseCompileBench`).
      const times = { plain: [] as number[], utils: [] as number[] };
      for (let i = 0; i < PACKAGE_RUNS; i++) {
        for (const [key, dir] of [
          ['plain', plain],
          ['utils', withUtils],
        ] as const) {
          if (existsSync(join(dir, 'target')))
            renameSync(join(dir, 'target'), join(scratch, `old-${aside++}`));
          times[key].push(runLdp([command], dir).wallMs);
        }
      }
      const [base, utils] = [median(times.plain), median(times.utils)];
      lines.push(
        { name: `${command} ${size} models, SQL written out, cold`, value: base, unit: 'ms' },
        { name: `${command} ${size} models calling dbt_utils macros, cold`, value: utils, unit: 'ms' },
        {
          name: `${command} ${size} models: with dbt_utils calls / without`,
          value: Math.round((utils / base) * 100) / 100,
          unit: '×',
          goal: '≤ 1.2',
        },
      );
    }
    return lines;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function sample(runs: number, run: () => { wallMs: number; maxRssMb: number; cpuMs: number }) {
  const samples = Array.from({ length: runs }, run);
  return {
    wallMs: median(samples.map((s) => s.wallMs)),
    maxRssMb: Math.max(...samples.map((s) => s.maxRssMb)),
    cpuMs: median(samples.map((s) => s.cpuMs)),
  };
}
