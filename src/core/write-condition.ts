import { type EntityTag, isWildcard } from './entity-tag';
import { parseHttpDate } from './http-date';
import type { ConditionalRequest, CurrentValidators } from './preconditions';

/**
 * What a write must still find when it lands, for the request's preconditions to hold at the
 * moment of the write and not only when the guard checked them. Put it into the write itself
 * (`UPDATE ... WHERE version = $n`, `INSERT ... ON CONFLICT DO NOTHING`), so that the check
 * and the write are one step in the database.
 *
 * - `none`: the request compared nothing; the write is unconditional (last write wins).
 * - `match`: the resource must still be at `etag`, the version the guard matched (`If-Match`
 *   naming tags; also an `If-None-Match` naming tags, pinned to the version it was compared with).
 * - `exists`: the resource must still exist, at any version (`If-Match: *`).
 * - `absent`: the resource must still not exist: a create only (`If-None-Match: *`).
 * - `unmodified-since`: the resource must not have been modified after `since`
 *   (`If-Unmodified-Since`): its modification time, at any precision, before `modifiedBefore`.
 */
export type WriteCondition =
  | { readonly kind: 'none' }
  | { readonly kind: 'match'; readonly etag: EntityTag }
  | { readonly kind: 'exists' }
  | { readonly kind: 'absent' }
  | {
      readonly kind: 'unmodified-since';
      /** The client's date, epoch milliseconds (whole seconds). */
      readonly since: number;
      /**
       * `since` + 1 s, exclusive: an HTTP date has whole seconds, so a row stored at
       * 10:00:00.400 is "not modified since 10:00:00". Compare `updated_at < modifiedBefore`,
       * never `updated_at = seen` (a JavaScript `Date` drops PostgreSQL's microseconds).
       */
      readonly modifiedBefore: number;
    };

/** The unconditional write, shared: it carries no data. */
const NONE: WriteCondition = { kind: 'none' };
const EXISTS: WriteCondition = { kind: 'exists' };
const ABSENT: WriteCondition = { kind: 'absent' };

function listField(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' || value === undefined ? value : value.join(', ');
}

/**
 * The condition a write must carry, from the request and the validators the guard compared
 * its preconditions with (what `@EvaluatedValidators()` gives: `undefined` when it compared
 * none). Call it only for a request whose preconditions held (`evaluatePreconditions` gave
 * `'proceed'`); the guard has done that for every request that reaches a handler.
 *
 * The condition is "the resource is still as the guard saw it", in the weakest form that
 * still makes the request's preconditions hold: `If-Match: *` needs only that it exists, so it
 * succeeds through a concurrent update, and fails after a concurrent delete.
 *
 * @throws Error when `checked` cannot have passed the request's `If-Match` (it names tags, but
 * the guard saw no ETag): the preconditions were not evaluated against these validators.
 */
export function writeConditionFor(
  request: ConditionalRequest,
  checked: CurrentValidators | undefined,
  nowMs: number = Date.now(),
): WriteCondition {
  const { method, headers } = request;
  if (checked === undefined || method === 'OPTIONS' || method === 'CONNECT' || method === 'TRACE') return NONE;
  const ifMatch = listField(headers['if-match']);
  const ifNoneMatch = listField(headers['if-none-match']);
  const { etag, lastModified } = checked;
  const exists = etag !== undefined || lastModified !== undefined;
  if (ifMatch !== undefined && !isWildcard(ifMatch)) {
    if (etag === undefined) {
      throw new Error(
        `nestjs-conditional: If-Match ${JSON.stringify(ifMatch)} names entity tags, but the validators checked have no ETag: ` +
          'this request cannot have passed its preconditions; evaluate them with these validators first.',
      );
    }
    return { kind: 'match', etag };
  }
  if (ifNoneMatch !== undefined) {
    if (isWildcard(ifNoneMatch)) return ABSENT;
    // "Not one of these tags": the guard compared the current version, so the write keeps it.
    if (etag !== undefined) return { kind: 'match', etag };
    if (!exists) return ABSENT;
  }
  if (ifMatch !== undefined) return EXISTS;
  const since =
    typeof headers['if-unmodified-since'] === 'string'
      ? parseHttpDate(headers['if-unmodified-since'], nowMs)
      : undefined;
  // Evaluated only against a known Last-Modified (RFC 9110 13.2.2 step 2); otherwise ignored.
  if (since !== undefined && lastModified !== undefined)
    return { kind: 'unmodified-since', since, modifiedBefore: since + 1000 };
  return NONE;
}

/** Whether the condition lets the write change an existing resource (and never create one). */
export function requiresExisting(condition: WriteCondition): boolean {
  return condition.kind === 'match' || condition.kind === 'exists' || condition.kind === 'unmodified-since';
}
