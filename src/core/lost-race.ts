import type { WriteCondition } from './write-condition';

/*
 * How ORMs and drivers say "your conditional write lost", recognised by name and code only,
 * so that the library depends on none of them. Checked on this error and on the driver error
 * it wraps (TypeORM's `driverError`, Sequelize's `parent`, MikroORM's and Node's `cause`).
 */

/** Optimistic-lock errors: the version the ORM compared was no longer the stored one. */
const OPTIMISTIC_LOCK_NAMES: ReadonlySet<string> = new Set([
  // TypeORM: findOne({ lock: { mode: 'optimistic', version } }) found another version.
  'OptimisticLockVersionMismatchError',
  // MikroORM: em.lock(entity, LockMode.OPTIMISTIC, version) or a flush of a stale @Version entity.
  'OptimisticLockError',
  // Sequelize: instance.save() of a model with `version: true` found another version.
  'SequelizeOptimisticLockError',
]);

/**
 * Codes that mean "a concurrent transaction won" on any conditional write: PostgreSQL's
 * serialization failure and deadlock (SQLSTATE 40001, 40P01), and Prisma's P2034 ("write
 * conflict or deadlock", its name for the same).
 */
const CONCURRENT_WRITE_CODES: ReadonlySet<string> = new Set(['40001', '40P01', 'P2034']);

/**
 * Unique violations: on a create-only write (`If-None-Match: *`) the row appeared in the
 * meantime. PostgreSQL 23505, SQLite's constraint codes, MySQL's ER_DUP_ENTRY, Prisma's P2002.
 */
const UNIQUE_VIOLATION_CODES: ReadonlySet<string> = new Set([
  '23505',
  'SQLITE_CONSTRAINT_UNIQUE',
  'SQLITE_CONSTRAINT_PRIMARYKEY',
  'ER_DUP_ENTRY',
  'P2002',
]);
const UNIQUE_VIOLATION_NAMES: ReadonlySet<string> = new Set([
  'SequelizeUniqueConstraintError',
  'UniqueConstraintViolationException',
]);

/** Prisma: "an operation failed because it depends on records that were required but not found". */
const PRISMA_RECORD_NOT_FOUND = 'P2025';

/** Why a failed write is a lost race, or `undefined` when the error is something else. */
export type LostRace = 'optimistic-lock' | 'concurrent-write' | 'exists-already' | 'no-matching-row';

/** The error and what it wraps, at most three deep (enough for every ORM above). */
function* layers(error: unknown): Generator<Record<string, unknown>> {
  let current = error;
  for (let depth = 0; depth < 3 && typeof current === 'object' && current !== null; depth++) {
    const layer = current as Record<string, unknown>;
    yield layer;
    current = layer.driverError ?? layer.parent ?? layer.cause;
  }
}

/**
 * Whether `error`, thrown by a write carrying `condition`, says that the condition no longer
 * held when the write landed: then the answer is `412 Precondition Failed`, not a 500.
 *
 * - an ORM's optimistic-lock error, a serialization failure or a deadlock: on any conditional
 *   write (`condition.kind` other than `none`);
 * - a unique violation: only on a create-only write (`absent`), where it means the resource
 *   appeared since the guard looked; elsewhere it is the app's own constraint;
 * - Prisma's P2025: only on a write that must find the resource (`match`, `exists`,
 *   `unmodified-since`). `update({ where: { id, version } })` throws it for a stale version and
 *   for a missing row alike, and under those conditions both are a failed precondition (an
 *   `If-Match` of a resource that has gone is false too). On an unconditional write it means
 *   "not found", which stays the app's to answer (a 404).
 *
 * Unconditional writes (`none`) are never mapped: their client asked for last-write-wins.
 */
export function lostRaceOf(error: unknown, condition: WriteCondition): LostRace | undefined {
  if (condition.kind === 'none') return undefined;
  for (const layer of layers(error)) {
    const name = typeof layer.name === 'string' ? layer.name : undefined;
    const code = typeof layer.code === 'string' ? layer.code : undefined;
    if (name !== undefined && OPTIMISTIC_LOCK_NAMES.has(name)) return 'optimistic-lock';
    if (code !== undefined && CONCURRENT_WRITE_CODES.has(code)) return 'concurrent-write';
    if (condition.kind === 'absent') {
      if (
        (code !== undefined && UNIQUE_VIOLATION_CODES.has(code)) ||
        (name !== undefined && UNIQUE_VIOLATION_NAMES.has(name))
      ) {
        return 'exists-already';
      }
    } else if (code === PRISMA_RECORD_NOT_FOUND) {
      return 'no-matching-row';
    }
  }
  return undefined;
}
