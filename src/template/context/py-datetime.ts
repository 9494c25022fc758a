import { typeError, valueError } from '../python/py-errors.js';
import type { PyOperand } from '../python/py-ops.js';
import { splitArgs } from '../split-args.js';

const DAY_US = 86_400_000_000;
const pad = (n: number, width = 2) => String(Math.trunc(n)).padStart(width, '0');
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
export const MONTHS = [
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

/** Python's `datetime.timezone.utc` (and `pytz.utc`): the one time zone ldp templates know. */
export class PyTimezone {
  toString(): string {
    return 'UTC';
  }
  pyRepr(): string {
    return 'datetime.timezone.utc';
  }
}

export const UTC = new PyTimezone();

/** Python's `timedelta`, in whole microseconds. */
export class PyTimeDelta implements PyOperand {
  constructor(readonly micros: number) {}

  get days(): number {
    return Math.floor(this.micros / DAY_US);
  }
  get seconds(): number {
    return Math.floor((this.micros - this.days * DAY_US) / 1_000_000);
  }
  get microseconds(): number {
    return this.micros - this.days * DAY_US - this.seconds * 1_000_000;
  }
  total_seconds(): number {
    return this.micros / 1_000_000;
  }

  pyAdd(other: unknown): unknown {
    if (other instanceof PyTimeDelta) return new PyTimeDelta(this.micros + other.micros);
    return other instanceof PyDateTime ? other.pyAdd(this) : undefined;
  }
  pySub(other: unknown): unknown {
    return other instanceof PyTimeDelta ? new PyTimeDelta(this.micros - other.micros) : undefined;
  }
  pyCompare(other: unknown): number | undefined {
    return other instanceof PyTimeDelta ? this.micros - other.micros : undefined;
  }
  pyEquals(other: unknown): boolean {
    return other instanceof PyTimeDelta && other.micros === this.micros;
  }
  pyBool(): boolean {
    return this.micros !== 0;
  }

  /** `1 day, 2:03:04.000005`, as Python prints it. */
  toString(): string {
    const seconds = this.seconds;
    const clock = `${Math.floor(seconds / 3600)}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
    const micro = this.microseconds === 0 ? '' : `.${pad(this.microseconds, 6)}`;
    const days = this.days === 0 ? '' : `${this.days} day${Math.abs(this.days) === 1 ? '' : 's'}, `;
    return days + clock + micro;
  }
  pyRepr(): string {
    const parts = [
      ['days', this.days],
      ['seconds', this.seconds],
      ['microseconds', this.microseconds],
    ].filter(([, v]) => v !== 0);
    return `datetime.timedelta(${parts.map(([k, v]) => `${k}=${v}`).join(', ')})`;
  }
}

/**
 * Python's `datetime` and `date` on a UTC instant: naive values are read as UTC wall time (ldp
 * renders in UTC), aware ones carry UTC. Prints as Python does (`2024-01-31 10:20:30+00:00`).
 */
export class PyDateTime implements PyOperand {
  constructor(
    /** Microseconds since the Unix epoch, UTC. */
    readonly epochMicros: number,
    readonly kind: 'datetime' | 'date' = 'datetime',
    readonly aware = false,
  ) {}

  static fromDate(date: Date, aware = false): PyDateTime {
    return new PyDateTime(date.getTime() * 1000, 'datetime', aware);
  }

  private get utc(): Date {
    return new Date(Math.floor(this.epochMicros / 1000));
  }
  get year(): number {
    return this.utc.getUTCFullYear();
  }
  get month(): number {
    return this.utc.getUTCMonth() + 1;
  }
  get day(): number {
    return this.utc.getUTCDate();
  }
  get hour(): number {
    return this.utc.getUTCHours();
  }
  get minute(): number {
    return this.utc.getUTCMinutes();
  }
  get second(): number {
    return this.utc.getUTCSeconds();
  }
  get microsecond(): number {
    return ((this.epochMicros % 1_000_000) + 1_000_000) % 1_000_000;
  }
  get tzinfo(): PyTimezone | null {
    return this.aware ? UTC : null;
  }

  weekday(): number {
    return (this.utc.getUTCDay() + 6) % 7;
  }
  isoweekday(): number {
    return this.weekday() + 1;
  }
  timestamp(): number {
    return this.epochMicros / 1_000_000;
  }
  date(): PyDateTime {
    return new PyDateTime(Math.floor(this.epochMicros / DAY_US) * DAY_US, 'date');
  }
  astimezone(tz?: unknown): PyDateTime {
    if (tz !== undefined && tz !== null && tz !== UTC)
      throw valueError('ldp supports only the UTC time zone');
    return new PyDateTime(this.epochMicros, this.kind, true);
  }

  /** `dt.replace(day=1, tzinfo=None)`. */
  replace(...args: unknown[]): PyDateTime {
    const { keywords } = splitArgs(args);
    const get = (name: string, current: number) =>
      keywords[name] === undefined ? current : Number(keywords[name]);
    const ms = Date.UTC(
      get('year', this.year),
      get('month', this.month) - 1,
      get('day', this.day),
      get('hour', this.hour),
      get('minute', this.minute),
      get('second', this.second),
    );
    const aware = 'tzinfo' in keywords ? keywords['tzinfo'] !== null : this.aware;
    return new PyDateTime(ms * 1000 + get('microsecond', this.microsecond), this.kind, aware);
  }

  strftime(format: unknown): string {
    const codes: Record<string, () => string> = {
      Y: () => pad(this.year, 4),
      y: () => pad(this.year % 100),
      m: () => pad(this.month),
      d: () => pad(this.day),
      H: () => pad(this.hour),
      I: () => pad(this.hour % 12 === 0 ? 12 : this.hour % 12),
      p: () => (this.hour < 12 ? 'AM' : 'PM'),
      M: () => pad(this.minute),
      S: () => pad(this.second),
      f: () => pad(this.microsecond, 6),
      j: () =>
        pad(
          Math.floor(
            (Date.UTC(this.year, this.month - 1, this.day) - Date.UTC(this.year, 0, 1)) / 86_400_000,
          ) + 1,
          3,
        ),
      a: () => DAYS[this.weekday()]!.slice(0, 3),
      A: () => DAYS[this.weekday()]!,
      w: () => String((this.weekday() + 1) % 7),
      u: () => String(this.isoweekday()),
      b: () => MONTHS[this.month - 1]!.slice(0, 3),
      B: () => MONTHS[this.month - 1]!,
      z: () => (this.aware ? '+0000' : ''),
      Z: () => (this.aware ? 'UTC' : ''),
      c: () => this.strftime('%a %b %e %H:%M:%S %Y'),
      e: () => String(this.day).padStart(2, ' '),
      x: () => this.strftime('%m/%d/%y'),
      X: () => this.strftime('%H:%M:%S'),
      F: () => this.strftime('%Y-%m-%d'),
      T: () => this.strftime('%H:%M:%S'),
      '%': () => '%',
    };
    return String(format).replace(/%([A-Za-z%])/g, (whole, code: string) => codes[code]?.() ?? whole);
  }

  isoformat(sep: unknown = 'T'): string {
    if (this.kind === 'date') return this.strftime('%Y-%m-%d');
    const micro = this.microsecond === 0 ? '' : `.${pad(this.microsecond, 6)}`;
    return `${this.strftime(`%Y-%m-%d${String(sep)}%H:%M:%S`)}${micro}${this.aware ? '+00:00' : ''}`;
  }

  pyAdd(other: unknown): unknown {
    if (!(other instanceof PyTimeDelta)) return undefined;
    const micros = this.kind === 'date' ? Math.floor(other.micros / DAY_US) * DAY_US : other.micros;
    return new PyDateTime(this.epochMicros + micros, this.kind, this.aware);
  }
  pyRadd(other: unknown): unknown {
    return this.pyAdd(other);
  }
  pySub(other: unknown): unknown {
    if (other instanceof PyTimeDelta) return this.pyAdd(new PyTimeDelta(-other.micros));
    if (!(other instanceof PyDateTime)) return undefined;
    if (other.aware !== this.aware) throw typeError("can't subtract offset-naive and offset-aware datetimes");
    return new PyTimeDelta(this.epochMicros - other.epochMicros);
  }
  pyCompare(other: unknown): number | undefined {
    if (!(other instanceof PyDateTime) || other.kind !== this.kind) return undefined;
    if (other.aware !== this.aware) throw typeError("can't compare offset-naive and offset-aware datetimes");
    return this.epochMicros - other.epochMicros;
  }
  pyEquals(other: unknown): boolean {
    return (
      other instanceof PyDateTime &&
      other.kind === this.kind &&
      other.aware === this.aware &&
      other.epochMicros === this.epochMicros
    );
  }
  valueOf(): number {
    return this.epochMicros;
  }

  toString(): string {
    return this.isoformat(' ');
  }
  pyRepr(): string {
    if (this.kind === 'date') return `datetime.date(${this.year}, ${this.month}, ${this.day})`;
    const fields = [this.year, this.month, this.day, this.hour, this.minute, this.second, this.microsecond];
    while (fields.length > 5 && fields.at(-1) === 0) fields.pop();
    return `datetime.datetime(${fields.join(', ')}${this.aware ? ', tzinfo=datetime.timezone.utc' : ''})`;
  }
}
