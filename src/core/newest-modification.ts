import { InvalidValidatorValueError } from './invalid-validator-value.error';
import { quoteForLog } from './log-text';

/** Where `@LastModified()` finds the modification times in what a handler returned. */
export interface ModificationFields {
  /** The timestamp field of one record. */
  readonly field: string;
  /** The properties of a page object (`{ items: [...], total }`) that may hold its records, tried in order. */
  readonly listKeys: readonly string[];
}

// A fixed shape, matched once from the start: no backtracking.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/**
 * The newest modification time in a handler's result (epoch milliseconds), the post-render
 * Last-Modified of `@LastModified()`: the record's `field` for one record, the newest one
 * for an array of records, or for a page object whose records sit under one of `listKeys`.
 * `undefined` when the result holds no such field (nothing to say, no header).
 *
 * A field holds a `Date`, epoch milliseconds, or an ISO 8601 string (what a JSON column or
 * an ORM gives); `null` and `undefined` fields are passed over.
 *
 * @throws InvalidValidatorValueError for a field holding anything else, an invalid `Date`
 * or an ISO string that names no instant: a mistake in the model, not a date to guess at.
 */
export function newestModification(result: unknown, fields: ModificationFields): number | undefined {
  if (Array.isArray(result)) return newestOf(result, fields.field);
  if (typeof result !== 'object' || result === null) return undefined;
  const record = result as Record<string, unknown>;
  if (fields.field in record) return timestampOf(record[fields.field], fields.field);
  for (const key of fields.listKeys) {
    const list = record[key];
    if (Array.isArray(list)) return newestOf(list, fields.field);
  }
  return undefined;
}

function newestOf(records: readonly unknown[], field: string): number | undefined {
  let newest: number | undefined;
  for (const record of records) {
    if (typeof record !== 'object' || record === null) continue;
    const time = timestampOf((record as Record<string, unknown>)[field], field);
    if (time !== undefined && (newest === undefined || time > newest)) newest = time;
  }
  return newest;
}

function timestampOf(value: unknown, field: string): number | undefined {
  if (value === null || value === undefined) return undefined;
  let time = Number.NaN;
  if (value instanceof Date) time = value.getTime();
  else if (typeof value === 'number') time = value;
  else if (typeof value === 'string' && ISO_8601.test(value)) time = new Date(value).getTime();
  if (!Number.isFinite(time)) {
    throw new InvalidValidatorValueError(
      `the ${field} field of the returned value must be a Date, epoch milliseconds or an ISO 8601 string, got ${quoteForLog(value)}`,
    );
  }
  return time;
}
