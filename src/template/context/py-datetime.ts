import { splitArgs } from '../split-args.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * A Python `datetime` (UTC) for templates: `strftime`, `isoformat`, `date()`, attribute access
 * (`year`, `month`, …), printing as Python does (`2024-01-31 10:00:00.000000+00:00`).
 */
export class PyDateTime {
  constructor(
    readonly instant: Date,
    readonly dateOnly = false,
  ) {}

  get year(): number {
    return this.instant.getUTCFullYear();
  }
  get month(): number {
    return this.instant.getUTCMonth() + 1;
  }
  get day(): number {
    return this.instant.getUTCDate();
  }
  get hour(): number {
    return this.instant.getUTCHours();
  }
  get minute(): number {
    return this.instant.getUTCMinutes();
  }
  get second(): number {
    return this.instant.getUTCSeconds();
  }

  strftime(format: string): string {
    const d = this.instant;
    const map: Record<string, () => string> = {
      Y: () => String(d.getUTCFullYear()),
      y: () => pad(d.getUTCFullYear() % 100),
      m: () => pad(d.getUTCMonth() + 1),
      d: () => pad(d.getUTCDate()),
      H: () => pad(d.getUTCHours()),
      M: () => pad(d.getUTCMinutes()),
      S: () => pad(d.getUTCSeconds()),
      f: () => pad(d.getUTCMilliseconds() * 1000, 6),
      j: () => pad(Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, 3),
      A: () => DAYS[d.getUTCDay()]!,
      a: () => DAYS[d.getUTCDay()]!.slice(0, 3),
      B: () => MONTHS[d.getUTCMonth()]!,
      b: () => MONTHS[d.getUTCMonth()]!.slice(0, 3),
      z: () => '+0000',
      Z: () => 'UTC',
      '%': () => '%',
    };
    return format.replace(/%([A-Za-z%])/g, (whole, code: string) => map[code]?.() ?? whole);
  }

  isoformat(): string {
    return this.dateOnly ? this.strftime('%Y-%m-%d') : `${this.strftime('%Y-%m-%dT%H:%M:%S.%f')}+00:00`;
  }

  date(): PyDateTime {
    return new PyDateTime(new Date(Date.UTC(this.year, this.month - 1, this.day)), true);
  }

  timestamp(): number {
    return this.instant.getTime() / 1000;
  }

  /** Python has `dt + timedelta`; templates cannot overload `+`, so ldp offers these. */
  add(delta: PyTimeDelta): PyDateTime {
    return new PyDateTime(new Date(this.instant.getTime() + delta.ms), this.dateOnly);
  }

  subtract(delta: PyTimeDelta): PyDateTime {
    return new PyDateTime(new Date(this.instant.getTime() - delta.ms), this.dateOnly);
  }

  toString(): string {
    return this.dateOnly ? this.strftime('%Y-%m-%d') : `${this.strftime('%Y-%m-%d %H:%M:%S.%f')}+00:00`;
  }
}

export class PyTimeDelta {
  constructor(readonly ms: number) {}
  get days(): number {
    return Math.floor(this.ms / 86_400_000);
  }
  total_seconds(): number {
    return this.ms / 1000;
  }
  toString(): string {
    const days = this.days;
    const rest = this.ms - days * 86_400_000;
    const time = `${Math.floor(rest / 3_600_000)}:${pad(Math.floor(rest / 60_000) % 60)}:${pad(Math.floor(rest / 1000) % 60)}`;
    return days === 0 ? time : `${days} day${Math.abs(days) === 1 ? '' : 's'}, ${time}`;
  }
}

function parseWithFormat(text: string, format: string): Date {
  const fields: Record<string, number> = { Y: 1970, m: 1, d: 1, H: 0, M: 0, S: 0 };
  let pattern = '';
  const order: string[] = [];
  for (let i = 0; i < format.length; i++) {
    if (format[i] === '%' && i + 1 < format.length) {
      const code = format[++i]!;
      order.push(code);
      pattern += code === 'Y' ? '(\\d{4})' : code === 'f' ? '(\\d{1,6})' : '(\\d{1,2})';
    } else pattern += format[i]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const match = new RegExp(`^${pattern}$`).exec(text);
  if (!match) throw new Error(`ValueError: time data '${text}' does not match format '${format}'`);
  order.forEach((code, i) => {
    fields[code] = Number(match[i + 1]);
  });
  return new Date(
    Date.UTC(fields['Y']!, fields['m']! - 1, fields['d']!, fields['H']!, fields['M']!, fields['S']!),
  );
}

/** `modules.datetime` as dbt exposes it: the `datetime` module with its main classes. */
export function datetimeModule(clock: () => Date) {
  const timedelta = (...args: unknown[]) => {
    const { positional, keywords } = splitArgs(args);
    const get = (name: string, index: number) => Number(keywords[name] ?? positional[index] ?? 0);
    const ms =
      ((get('days', 0) * 24 + get('hours', 3)) * 60 + get('minutes', 4)) * 60_000 +
      get('seconds', 1) * 1000 +
      get('weeks', 6) * 604_800_000;
    return new PyTimeDelta(ms);
  };
  const datetime = Object.assign(
    (y: number, m: number, d: number, h = 0, mi = 0, s = 0) =>
      new PyDateTime(new Date(Date.UTC(y, m - 1, d, h, mi, s))),
    {
      now: () => new PyDateTime(clock()),
      utcnow: () => new PyDateTime(clock()),
      strptime: (text: string, format: string) => new PyDateTime(parseWithFormat(text, format)),
      fromisoformat: (text: string) =>
        new PyDateTime(new Date(text.endsWith('Z') || /[+-]\d\d:\d\d$/.test(text) ? text : `${text}Z`)),
    },
  );
  const date = Object.assign(
    (y: number, m: number, d: number) => new PyDateTime(new Date(Date.UTC(y, m - 1, d)), true),
    {
      today: () => new PyDateTime(clock()).date(),
      fromisoformat: (text: string) => new PyDateTime(new Date(`${text}T00:00:00Z`), true),
    },
  );
  return { datetime, date, timedelta };
}
