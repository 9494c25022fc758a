import { iterate } from '../python/py-ops.js';
import { PyTuple } from '../python/py-types.js';
import { splitArgs } from '../split-args.js';
import { datetimeModule, pytzModule } from './datetime-module.js';
import { reModule } from './re-module.js';

function combinations(items: readonly unknown[], size: number, withReplacement: boolean): PyTuple[] {
  const out: PyTuple[] = [];
  const pick = (start: number, chosen: unknown[]) => {
    if (chosen.length === size) out.push(PyTuple.make(chosen));
    else for (let i = start; i < items.length; i++) pick(withReplacement ? i : i + 1, [...chosen, items[i]]);
  };
  pick(0, []);
  return out;
}

function permutations(items: readonly unknown[], size: number): PyTuple[] {
  if (size === 0) return [PyTuple.of()];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)], size - 1).map((rest) =>
      PyTuple.make([item, ...rest]),
    ),
  );
}

/** `modules.itertools`: the finite functions, returning lists (templates print and loop over them). */
function itertoolsModule() {
  return {
    chain: Object.assign((...lists: unknown[]) => lists.flatMap((list) => [...iterate(list)]), {
      from_iterable: (lists: unknown) => iterate(lists).flatMap((list) => [...iterate(list)]),
    }),
    product: (...args: unknown[]) => {
      const { positional, keywords } = splitArgs(args);
      const pools = Array.from({ length: Number(keywords['repeat'] ?? 1) }, () =>
        positional.map((p) => iterate(p)),
      ).flat();
      return pools
        .reduce<unknown[][]>(
          (acc, pool) => acc.flatMap((prefix) => pool.map((item) => [...prefix, item])),
          [[]],
        )
        .map((t) => PyTuple.make(t));
    },
    combinations: (items: unknown, r: unknown) => combinations(iterate(items), Number(r), false),
    combinations_with_replacement: (items: unknown, r: unknown) =>
      combinations(iterate(items), Number(r), true),
    permutations: (items: unknown, r?: unknown) => {
      const list = iterate(items);
      return permutations(list, r === undefined || r === null ? list.length : Number(r));
    },
    zip_longest: (...args: unknown[]) => {
      const { positional, keywords } = splitArgs(args);
      const lists = positional.map((p) => iterate(p));
      const length = Math.max(0, ...lists.map((l) => l.length));
      const fill = keywords['fillvalue'] ?? null;
      return Array.from({ length }, (_, i) => PyTuple.make(lists.map((l) => (i < l.length ? l[i] : fill))));
    },
    islice: (items: unknown, ...bounds: unknown[]) => {
      const list = iterate(items);
      const [start, stop, step] =
        bounds.length === 1 ? [0, bounds[0], 1] : [bounds[0] ?? 0, bounds[1], bounds[2] ?? 1];
      const end = stop === null || stop === undefined ? list.length : Number(stop);
      return list.slice(Number(start), end).filter((_, i) => i % Number(step) === 0);
    },
    accumulate: (items: unknown) => {
      let total: number | undefined;
      return iterate(items).map(
        (item) => (total = total === undefined ? Number(item) : total + Number(item)),
      );
    },
  };
}

/** dbt's `modules`: `datetime`, `pytz`, `re`, `itertools`. */
export function pythonModules(clock: () => Date) {
  return {
    datetime: datetimeModule(clock),
    pytz: pytzModule(),
    re: reModule(),
    itertools: itertoolsModule(),
  };
}
