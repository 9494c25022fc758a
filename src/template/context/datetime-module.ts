import { PyError, valueError } from '../python/py-errors.js';
import { splitArgs } from '../split-args.js';
import { MONTHS, PyDateTime, PyTimeDelta, UTC } from './py-datetime.js';

const DAY_US = 86_400_000_000;
const PARSERS: Readonly<Record<string, [string, (fields: Record<string, number>, text: string) => void]>> = {
  Y: ['(\\d{4})', (f, t) => (f['year'] = Number(t))],
  y: ['(\\d{2})', (f, t) => (f['year'] = Number(t) + (Number(t) < 69 ? 2000 : 1900))],
  m: ['(\\d{1,2})', (f, t) => (f['month'] = Number(t))],
  d: ['(\\d{1,2})', (f, t) => (f['day'] = Number(t))],
  H: ['(\\d{1,2})', (f, t) => (f['hour'] = Number(t))],
  I: ['(\\d{1,2})', (f, t) => (f['hour12'] = Number(t))],
  p: ['(AM|PM|am|pm)', (f, t) => (f['pm'] = t.toUpperCase() === 'PM' ? 1 : 0)],
  M: ['(\\d{1,2})', (f, t) => (f['minute'] = Number(t))],
  S: ['(\\d{1,2})', (f, t) => (f['second'] = Number(t))],
  f: ['(\\d{1,6})', (f, t) => (f['micro'] = Number(t.padEnd(6, '0')))],
  j: ['(\\d{1,3})', (f, t) => (f['yday'] = Number(t))],
  b: [
    '([A-Za-z]{3})',
    (f, t) => (f['month'] = MONTHS.findIndex((m) => m.slice(0, 3).toLowerCase() === t.toLowerCase()) + 1),
  ],
  B: [
    '([A-Za-z]+)',
    (f, t) => (f['month'] = MONTHS.findIndex((m) => m.toLowerCase() === t.toLowerCase()) + 1),
  ],
  a: ['([A-Za-z]{3})', () => {}],
  A: ['([A-Za-z]+)', () => {}],
  z: [
    '(Z|[+-]\\d{2}:?\\d{2})',
    (f, t) =>
      (f['offset'] =
        t === 'Z' ? 0 : (t[0] === '-' ? -1 : 1) * (Number(t.slice(1, 3)) * 60 + Number(t.slice(-2)))),
  ],
  Z: ['(UTC|GMT)', (f) => (f['offset'] = 0)],
  '%': ['%', () => {}],
};

/** Python's `datetime.strptime` for the common directives. */
export function strptime(text: unknown, format: unknown): PyDateTime {
  const source = String(text);
  const handlers: ((fields: Record<string, number>, text: string) => void)[] = [];
  let pattern = '';
  const fmt = String(format);
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i]!;
    if (ch === '%' && i + 1 < fmt.length) {
      const parser = PARSERS[fmt[++i]!];
      if (!parser) throw valueError(`'${fmt[i]}' is a bad directive in format '${fmt}'`);
      pattern += parser[0];
      if (parser[0] !== '%') handlers.push(parser[1]);
    } else pattern += /\s/.test(ch) ? '\\s+' : ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const match = new RegExp(`^${pattern}$`).exec(source);
  if (!match) throw valueError(`time data '${source}' does not match format '${fmt}'`);
  const f: Record<string, number> = { year: 1900, month: 1, day: 1, hour: 0, minute: 0, second: 0, micro: 0 };
  for (const [i, handle] of handlers.entries()) handle(f, match[i + 1]!);
  if (f['hour12'] !== undefined) f['hour'] = (f['hour12'] % 12) + (f['pm'] === 1 ? 12 : 0);
  const dayMs =
    f['yday'] === undefined
      ? Date.UTC(f['year']!, f['month']! - 1, f['day']!)
      : Date.UTC(f['year']!, 0, f['yday']);
  const ms = dayMs + ((f['hour']! * 60 + f['minute']! - (f['offset'] ?? 0)) * 60 + f['second']!) * 1000;
  return new PyDateTime(ms * 1000 + f['micro']!, 'datetime', f['offset'] !== undefined);
}

function fromIso(text: unknown, kind: 'datetime' | 'date'): PyDateTime {
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?(Z|[+-]\d{2}:\d{2})?$/.exec(
      String(text),
    );
  if (!m) throw valueError(`Invalid isoformat string: '${String(text)}'`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const offset =
    zone === undefined || zone === 'Z'
      ? 0
      : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4)));
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi) - offset, Number(s));
  return new PyDateTime(
    ms * 1000 + Number(frac.padEnd(6, '0')),
    kind,
    kind === 'datetime' && zone !== undefined,
  );
}

function checkZone(tz: unknown): boolean {
  if (tz === undefined || tz === null) return false;
  if (tz !== UTC) throw valueError('ldp supports only the UTC time zone');
  return true;
}

/** Python's ValueErrors for an impossible date or time, rather than rolling over to the next month. */
function checkFields(y: number, mo: number, d: number, h: number, mi: number, s: number, us: number): void {
  if (!(y >= 1 && y <= 9999)) throw valueError(`year ${y} is out of range`);
  if (!(mo >= 1 && mo <= 12)) throw valueError('month must be in 1..12');
  const daysInMonth = new Date(Date.UTC(2000, mo, 0)).getUTCDate() - (mo === 2 && !isLeap(y) ? 1 : 0);
  if (!(d >= 1 && d <= daysInMonth)) throw valueError('day is out of range for month');
  if (!(h >= 0 && h <= 23)) throw valueError('hour must be in 0..23');
  if (!(mi >= 0 && mi <= 59)) throw valueError('minute must be in 0..59');
  if (!(s >= 0 && s <= 59)) throw valueError('second must be in 0..59');
  if (!(us >= 0 && us <= 999999)) throw valueError('microsecond must be in 0..999999');
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** `modules.datetime` as dbt exposes it: `datetime`, `date`, `timedelta`, `timezone`. */
export function datetimeModule(clock: () => Date) {
  const timedelta = (...args: unknown[]) => {
    const { positional, keywords } = splitArgs(args);
    const names = ['days', 'seconds', 'microseconds', 'milliseconds', 'minutes', 'hours', 'weeks'];
    const scale = [DAY_US, 1e6, 1, 1e3, 6e7, 3.6e9, 7 * DAY_US];
    const micros = names.reduce(
      (total, name, i) => total + Number(keywords[name] ?? positional[i] ?? 0) * scale[i]!,
      0,
    );
    return new PyTimeDelta(Math.round(micros));
  };
  const construct = (...args: unknown[]) => {
    const { positional, keywords } = splitArgs(args);
    const names = ['year', 'month', 'day', 'hour', 'minute', 'second', 'microsecond'];
    const [y, mo, d, h, mi, s, us] = names.map((name, i) => Number(keywords[name] ?? positional[i] ?? 0));
    checkFields(y!, mo!, d!, h!, mi!, s!, us!);
    const ms = Date.UTC(y!, mo! - 1, d!, h, mi, s);
    return new PyDateTime(ms * 1000 + us!, 'datetime', checkZone(keywords['tzinfo'] ?? positional[7]));
  };
  const datetime = Object.assign(construct, {
    now: (tz?: unknown) => PyDateTime.fromDate(clock(), checkZone(tz)),
    utcnow: () => PyDateTime.fromDate(clock()),
    today: () => PyDateTime.fromDate(clock()),
    strptime,
    fromisoformat: (text: unknown) => fromIso(text, 'datetime'),
    fromtimestamp: (seconds: unknown, tz?: unknown) =>
      new PyDateTime(Math.round(Number(seconds) * 1e6), 'datetime', checkZone(tz)),
    utcfromtimestamp: (seconds: unknown) => new PyDateTime(Math.round(Number(seconds) * 1e6)),
  });
  const date = Object.assign(
    (y: unknown, m: unknown, d: unknown) => {
      checkFields(Number(y), Number(m), Number(d), 0, 0, 0, 0);
      return new PyDateTime(Date.UTC(Number(y), Number(m) - 1, Number(d)) * 1000, 'date');
    },
    {
      today: () => PyDateTime.fromDate(clock()).date(),
      fromisoformat: (text: unknown) => fromIso(text, 'date'),
    },
  );
  return { datetime, date, timedelta, timezone: { utc: UTC }, MINYEAR: 1, MAXYEAR: 9999 };
}

/** `modules.pytz`: its UTC zone (other zones are an error; ldp renders in UTC). */
export function pytzModule() {
  return {
    utc: UTC,
    UTC,
    timezone: (name: unknown) => {
      if (String(name) === 'UTC' || String(name) === 'Etc/UTC') return UTC;
      throw new PyError('ValueError', `ldp supports only the UTC time zone, not '${String(name)}'`);
    },
  };
}
