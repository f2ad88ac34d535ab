import { inspect } from 'node:util';

const REDACTED = '(sensitive)';

/**
 * A secret held in memory. It cannot be serialized or logged by accident: JSON.stringify,
 * util.inspect (console.log, pino), String() and template literals all print "(sensitive)".
 * The only way to the value is an explicit `reveal()`, which callers use at the last
 * moment before encrypting, fingerprinting or sending the value to a target.
 */
export class SecretValue<T = unknown> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  /** The clear value. Call only where the value leaves kcr on purpose (cipher, HMAC, target write). */
  reveal(): T {
    return this.#value;
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }
}

export const SENSITIVE_PLACEHOLDER = REDACTED;
