import { escapeForLog, quoteForLog } from '../core/log-text';
import { ETagFromBody, LastModifiedFromResult } from '../declarations/from-response';

/** Options of `@ETag()` without a validator. */
export interface ETagFromBodyOptions {
  /**
   * Send a strong ETag (`"…"`) instead of a weak one (`W/"…"`). A strong tag promises
   * byte-for-byte identity, which a proxy that compresses or re-encodes the body breaks.
   * @default false
   */
  strong?: boolean;
}

/** Options of `@LastModified()` without a validator. */
export interface LastModifiedFromResultOptions {
  /**
   * The timestamp field of a returned record (a `Date`, epoch milliseconds or an ISO 8601 string).
   * @default 'updatedAt'
   */
  field?: string;
  /**
   * Where a page object (`{ items: [...], total: 120 }`) keeps its records, tried in order.
   * @default ['items', 'data', 'results']
   */
  listKeys?: string[];
}

/** Whether a decorator's first argument asks for a validator derived from the response. */
export function isFromResponseOptions(value: unknown): value is object | undefined {
  return value === undefined || (typeof value === 'object' && value !== null);
}

export function etagFromBody(options: ETagFromBodyOptions): ETagFromBody {
  assertOnly(options, ['strong'], '@ETag()');
  if (options.strong !== undefined && typeof options.strong !== 'boolean') {
    throw new TypeError(`@ETag(): strong must be a boolean, got ${typeof options.strong}`);
  }
  return new ETagFromBody(options.strong ?? false);
}

export function lastModifiedFromResult(options: LastModifiedFromResultOptions): LastModifiedFromResult {
  assertOnly(options, ['field', 'listKeys'], '@LastModified()');
  const { field = 'updatedAt', listKeys = ['items', 'data', 'results'] } = options;
  if (typeof field !== 'string' || field.length === 0) {
    throw new TypeError(`@LastModified(): field must be a property name, got ${quoteForLog(field)}`);
  }
  if (!Array.isArray(listKeys) || !listKeys.every((key) => typeof key === 'string' && key.length > 0)) {
    throw new TypeError('@LastModified(): listKeys must be an array of property names');
  }
  return new LastModifiedFromResult({ field, listKeys: [...listKeys] });
}

/**
 * `requirePrecondition` and `validatorTimeout` are about validators that run before the
 * handler, on any method: a validator from the response has neither, and silently dropping
 * them would hide the mistake.
 */
export function refuseRouteOptions(argumentCount: number, decorator: string): void {
  if (argumentCount > 1) {
    throw new TypeError(
      `${decorator}: without a validator it takes its own options only; requirePrecondition and validatorTimeout go with a validator, ${decorator.slice(0, -1)}validator, options)`,
    );
  }
}

function assertOnly(options: object, known: readonly string[], decorator: string): void {
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new TypeError(
        `${decorator}: unknown option ${escapeForLog(key)}; without a validator it takes { ${known.join(', ')} }, with one: ${decorator.slice(0, -1)}validator, { requirePrecondition, validatorTimeout })`,
      );
    }
  }
}
