import { type EntityTag, type WriteCondition, lostRaceOf } from '../../src/core';

/** The errors of ORMs and drivers that mean "this conditional write lost its race". */

const v7: EntityTag = { weak: false, opaque: 'v7', value: '"v7"' };
const MATCH: WriteCondition = { kind: 'match', etag: v7 };
const EXISTS: WriteCondition = { kind: 'exists' };
const SINCE: WriteCondition = { kind: 'unmodified-since', since: 0, modifiedBefore: 1000 };
const ABSENT: WriteCondition = { kind: 'absent' };
const NONE: WriteCondition = { kind: 'none' };

function named(name: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error('x'), { name }, extra);
}
const coded = (code: string) => Object.assign(new Error('x'), { code });

describe('lostRaceOf', () => {
  it.each([
    ['TypeORM OptimisticLockVersionMismatchError', named('OptimisticLockVersionMismatchError')],
    ['MikroORM OptimisticLockError', named('OptimisticLockError')],
    ['Sequelize OptimisticLockError', named('SequelizeOptimisticLockError')],
  ])('%s: optimistic-lock on every conditional write, not on an unconditional one', (_case, error) => {
    for (const condition of [MATCH, EXISTS, SINCE, ABSENT])
      expect(lostRaceOf(error, condition)).toBe('optimistic-lock');
    expect(lostRaceOf(error, NONE)).toBeUndefined();
  });

  it.each([
    ['pg serialization failure', coded('40001')],
    ['pg deadlock', coded('40P01')],
    ['Prisma write conflict', coded('P2034')],
    [
      'TypeORM QueryFailedError wrapping a 40001',
      Object.assign(named('QueryFailedError'), { driverError: coded('40001') }),
    ],
    [
      'Sequelize DatabaseError wrapping a 40001',
      Object.assign(named('SequelizeDatabaseError'), { parent: coded('40001') }),
    ],
    ['an error caused by a 40P01', new Error('wrapped', { cause: coded('40P01') })],
  ])('%s: concurrent-write on conditional writes', (_case, error) => {
    expect(lostRaceOf(error, MATCH)).toBe('concurrent-write');
    expect(lostRaceOf(error, ABSENT)).toBe('concurrent-write');
    expect(lostRaceOf(error, NONE)).toBeUndefined();
  });

  it.each([
    ['pg unique violation', coded('23505')],
    ['SQLite unique', coded('SQLITE_CONSTRAINT_UNIQUE')],
    ['SQLite primary key', coded('SQLITE_CONSTRAINT_PRIMARYKEY')],
    ['MySQL duplicate', coded('ER_DUP_ENTRY')],
    ['Prisma unique', coded('P2002')],
    ['Sequelize UniqueConstraintError', named('SequelizeUniqueConstraintError')],
    ['MikroORM UniqueConstraintViolationException', named('UniqueConstraintViolationException')],
  ])('%s: exists-already on a create-only write only', (_case, error) => {
    expect(lostRaceOf(error, ABSENT)).toBe('exists-already');
    for (const condition of [MATCH, EXISTS, SINCE, NONE]) expect(lostRaceOf(error, condition)).toBeUndefined();
  });

  it("Prisma P2025: no-matching-row on writes that must find the resource, the app's 404 elsewhere", () => {
    const error = Object.assign(named('PrismaClientKnownRequestError'), { code: 'P2025' });
    for (const condition of [MATCH, EXISTS, SINCE]) expect(lostRaceOf(error, condition)).toBe('no-matching-row');
    expect(lostRaceOf(error, ABSENT)).toBeUndefined();
    expect(lostRaceOf(error, NONE)).toBeUndefined();
  });

  it.each([
    ['a plain Error', new Error('boom')],
    ['another SQLSTATE (connection refused)', coded('ECONNREFUSED')],
    ['a numeric code', Object.assign(new Error('x'), { code: 40001, name: 42 })],
    ['a string', 'OptimisticLockError'],
    ['null', null],
    ['undefined', undefined],
    ['a chain deeper than three', { cause: { cause: { cause: coded('40001') } } }],
  ])('%s: not a lost race', (_case, error) => {
    expect(lostRaceOf(error, MATCH)).toBeUndefined();
    expect(lostRaceOf(error, ABSENT)).toBeUndefined();
  });
});
