/** Where the values live: outside the object, so no copy, spread, serialization or dump of it can reach them. */
const values = new WeakMap<SecretValue<unknown>, unknown>();

const REDACTED = '**redacted**';

/**
 * A credential (a service-account key, a token) that only the code that connects reads, with
 * `reveal()`. Everything else that might print or store it sees `**redacted**`: `String()`,
 * `JSON.stringify`, `util.inspect` (console, error dumps), structured clone and v8 serialization
 * (the caches in `target/`), since the value is not a property of the object.
 */
export class SecretValue<T> {
  constructor(value: T) {
    values.set(this, value);
    Object.freeze(this);
  }

  reveal(): T {
    return values.get(this) as T;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }
}
