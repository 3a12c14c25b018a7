import type { ErrorCode } from './error-codes.ts';

const marker = Symbol.for('lowbit.error');

export interface LowbitErrorOptions {
  /** Structured facts about the failure (field name, offset, candidates …). */
  details?: Readonly<Record<string, unknown>>;
  cause?: unknown;
}

/**
 * The one error type lowbit throws on purpose. `code` is stable and machine-readable; the
 * message says what went wrong and what to do about it.
 *
 * `LowbitError.isInstance(e)` works across duplicate copies of this package (it checks a
 * `Symbol.for` marker, not the prototype chain).
 */
export class LowbitError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: LowbitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LowbitError';
    this.code = code;
    this.details = options.details ?? {};
    Object.defineProperty(this, marker, { value: true });
  }

  static isInstance(value: unknown): value is LowbitError {
    return typeof value === 'object' && value !== null && marker in value;
  }

  /** `E_CODE: message`, the form the CLI prints. */
  override toString(): string {
    return `${this.code}: ${this.message}`;
  }
}
