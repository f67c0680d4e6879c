import type { CurrentValidators } from 'nestjs-conditional';
import { WriteCondition } from './entry.repository';

/**
 * The compare-and-set condition of a write, from the validators the guard compared the
 * request's preconditions with (`@EvaluatedValidators()`): the write must find the entry
 * exactly as the guard saw it, or fail with 412. That is what makes `If-Match` hold when
 * two clients holding the same ETag write at once.
 */
export function writeConditionFrom(checked: CurrentValidators | undefined): WriteCondition {
  if (checked === undefined) return {};
  if (checked.etag !== undefined) return { version: Number(checked.etag.opaque.slice(1)) };
  if (checked.lastModified !== undefined) return { lastModified: checked.lastModified };
  // The guard compared validators and found none: the entry did not exist (If-None-Match: *).
  return { absent: true };
}
