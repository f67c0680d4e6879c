import { ConflictException, NotFoundException } from '@nestjs/common';
import { lostRaceOf } from '../core/lost-race';
import type { WriteCondition } from '../core/write-condition';
import { preconditionFailed } from './precondition-failed';

/**
 * What a write attempt returns: the written row (or whatever the handler answers with), a
 * number of rows affected, or `null`/`undefined`/`0`/`0n`/`false` for "nothing was written" (no
 * row matched the condition in its `WHERE`, `INSERT ... ON CONFLICT DO NOTHING` inserted
 * nothing). Return the row or the count, never a driver's result object: TypeORM's
 * `UpdateResult` or Kysely's `UpdateResult` is truthy even when it says 0 rows.
 */
export type WriteOutcome<T> = T | 0 | 0n | false | null | undefined;

/** The handler's write, in the forms the condition may need. */
export interface WriteAttempts<T> {
  /**
   * Changes the existing resource, and only if `condition` still holds: its `WHERE` carries the
   * condition (`version = $n`, or only `id = $1` for `exists` and `none`). Never creates.
   */
  update?: (condition: WriteCondition) => Promise<WriteOutcome<T>>;
  /** Creates the resource only if it does not exist (`INSERT ... ON CONFLICT DO NOTHING`). */
  create?: () => Promise<WriteOutcome<T>>;
}

/** What was written, and whether it was created (answer 201) rather than changed. */
export interface WriteResult<T> {
  readonly value: T;
  readonly created: boolean;
}

function written<T>(outcome: WriteOutcome<T>): outcome is T {
  return outcome !== null && outcome !== undefined && outcome !== 0 && outcome !== 0n && outcome !== false;
}

/**
 * Runs a conditional write and answers for it:
 *
 * - `match`, `exists`, `unmodified-since`: `update` only. Nothing written means the resource
 *   is no longer as the guard saw it, or has gone: `412 Precondition Failed`. A resource that
 *   vanished under `If-Match` is never re-created.
 * - `absent` (`If-None-Match: *`): `create` only; nothing written means it appeared
 *   meanwhile: 412. Without `create`, the route cannot create: 404.
 * - `none` (unconditional): `update`, then `create` if nothing existed, then `update` again if
 *   the resource was created between the two; a `409 Conflict` if even that wrote nothing,
 *   and a 404 when nothing existed and there is no `create`.
 *
 * An error an attempt throws that says the race was lost (an ORM's optimistic-lock error, a
 * serialization failure or deadlock, a unique violation on a create-only write: see
 * `lostRaceOf`) becomes a 412 as well, with the error as its `cause`; any other error goes on
 * as it is. Every 412/404/409 is an `HttpException`, so the app's exception filters apply.
 */
export async function writeConditionally<T>(
  condition: WriteCondition,
  attempts: WriteAttempts<T>,
): Promise<WriteResult<T>> {
  try {
    return await attempt(condition, attempts);
  } catch (error) {
    if (lostRaceOf(error, condition) !== undefined) throw preconditionFailed(error);
    throw error;
  }
}

async function attempt<T>(condition: WriteCondition, { update, create }: WriteAttempts<T>): Promise<WriteResult<T>> {
  if (condition.kind === 'absent') {
    if (create === undefined) throw new NotFoundException();
    const outcome = await create();
    if (written(outcome)) return { value: outcome, created: true };
    throw preconditionFailed();
  }
  if (condition.kind !== 'none') {
    if (update === undefined)
      throw new TypeError(`nestjs-conditional: a "${condition.kind}" write needs an update attempt`);
    const outcome = await update(condition);
    if (written(outcome)) return { value: outcome, created: false };
    throw preconditionFailed();
  }
  if (update === undefined && create === undefined)
    throw new TypeError('nestjs-conditional: writeConditionally needs an update or a create attempt');
  if (update !== undefined) {
    const outcome = await update(condition);
    if (written(outcome)) return { value: outcome, created: false };
  }
  if (create === undefined) throw new NotFoundException();
  const created = await create();
  if (written(created)) return { value: created, created: true };
  if (update !== undefined) {
    const outcome = await update(condition);
    if (written(outcome)) return { value: outcome, created: false };
  }
  throw new ConflictException('The resource changed while it was being written; send the request again.');
}
