import { type ByteRangeLimits, DEFAULT_BYTE_RANGE_LIMITS } from '../core/byte-ranges';

/**
 * Options of `@Ranges()`, and of the module's `ranges` (the defaults of every `@Ranges()` route).
 * A request past a limit gets the whole representation (200), as RFC 9110 14.2 allows.
 */
export type RangeOptions = ByteRangeLimits;

/** Checks range options, throwing a `TypeError` that names `where` and the option. */
export function assertRangeOptions(options: unknown, where: string): asserts options is RangeOptions {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(
      `${where}: the range options must be an object, got ${options === null ? 'null' : typeof options}`,
    );
  }
  for (const [name, value] of Object.entries(options)) {
    if (!(name in DEFAULT_BYTE_RANGE_LIMITS)) {
      throw new TypeError(
        `${where}: unknown range option ${JSON.stringify(name)} (known: ${Object.keys(DEFAULT_BYTE_RANGE_LIMITS).join(', ')})`,
      );
    }
    if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= (name === 'maxRanges' ? 1 : 0))) {
      throw new TypeError(
        `${where}: ${name} must be a whole number${name === 'maxRanges' ? ' of at least 1' : ''}, got ${String(value)}`,
      );
    }
  }
}
