import { datetimeModule } from './py-datetime.js';

/** Python's `re` on JS regular expressions (the common subset of the syntax). */
function reModule() {
  const compile = (pattern: string, flags = '') =>
    new RegExp(pattern.replace(/\(\?P<(\w+)>/g, '(?<$1>'), flags);
  const match = (m: RegExpExecArray | null) =>
    m === null
      ? null
      : { group: (n = 0) => m[n] ?? null, groups: () => m.slice(1), start: () => m.index, string: m.input };
  return {
    match: (pattern: string, text: string) => {
      const m = compile(pattern).exec(text);
      return m && m.index === 0 ? match(m) : null;
    },
    search: (pattern: string, text: string) => match(compile(pattern).exec(text)),
    fullmatch: (pattern: string, text: string) => match(compile(`^(?:${pattern})$`).exec(text)),
    findall: (pattern: string, text: string) =>
      [...text.matchAll(compile(pattern, 'g'))].map((m) => (m.length > 2 ? m.slice(1) : (m[1] ?? m[0]))),
    sub: (pattern: string, replacement: string, text: string) =>
      text.replace(compile(pattern, 'g'), replacement.replace(/\\(\d)/g, '$$$1')),
    split: (pattern: string, text: string) => text.split(compile(pattern)),
    escape: (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    compile: (pattern: string) => {
      const re = compile(pattern);
      return {
        pattern,
        match: (text: string) => match(re.exec(text)),
        search: (text: string) => match(re.exec(text)),
      };
    },
  };
}

function itertoolsModule() {
  return {
    chain: (...lists: unknown[][]) => lists.flat(),
    product: (...lists: unknown[][]) =>
      lists.reduce<unknown[][]>(
        (acc, list) => acc.flatMap((prefix) => list.map((item) => [...prefix, item])),
        [[]],
      ),
    combinations: (list: unknown[], r: number) => {
      const out: unknown[][] = [];
      const pick = (start: number, chosen: unknown[]) => {
        if (chosen.length === r) out.push(chosen);
        else for (let i = start; i < list.length; i++) pick(i + 1, [...chosen, list[i]]);
      };
      pick(0, []);
      return out;
    },
  };
}

/** dbt's `modules`: datetime, re, itertools (and pytz's UTC name for common templates). */
export function pythonModules(clock: () => Date) {
  return {
    datetime: datetimeModule(clock),
    re: reModule(),
    itertools: itertoolsModule(),
    pytz: { utc: 'UTC', timezone: (name: string) => name },
  };
}
