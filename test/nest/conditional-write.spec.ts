import { ConflictException, type HttpException, NotFoundException, PreconditionFailedException } from '@nestjs/common';
import { type WriteCondition, writeConditionally } from '../../src';

/** writeConditionally's decisions, attempt by attempt (the HTTP side is in test/e2e). */

const MATCH: WriteCondition = { kind: 'match', etag: { weak: false, opaque: 'v1', value: '"v1"' } };
const NONE: WriteCondition = { kind: 'none' };
const ABSENT: WriteCondition = { kind: 'absent' };

/** Attempts returning the given outcomes in turn, and the log of which ran. */
function scripted(updates: unknown[], creates: unknown[] = []) {
  const log: string[] = [];
  return {
    log,
    update: async () => (log.push('update'), updates.shift() as any),
    create: async () => (log.push('create'), creates.shift() as any),
  };
}

describe('writeConditionally', () => {
  it.each([[null], [undefined], [0], [BigInt(0)], [false]])(
    '%p from an update under If-Match is nothing written: 412',
    async (outcome) => {
      const attempts = scripted([outcome]);
      await expect(writeConditionally(MATCH, attempts)).rejects.toBeInstanceOf(PreconditionFailedException);
      expect(attempts.log).toEqual(['update']);
    },
  );

  it('a row count is a written outcome', async () => {
    await expect(writeConditionally(MATCH, scripted([1]))).resolves.toEqual({ value: 1, created: false });
  });

  it('unconditional: update, then create, then update again when another client created it in between', async () => {
    const attempts = scripted([undefined, { id: 1 }], [undefined]);
    await expect(writeConditionally(NONE, attempts)).resolves.toEqual({ value: { id: 1 }, created: false });
    expect(attempts.log).toEqual(['update', 'create', 'update']);
  });

  it('unconditional, and the resource was created and deleted in between: 409, not a 500', async () => {
    const attempts = scripted([undefined, undefined], [undefined]);
    const failure = writeConditionally(NONE, attempts);
    await expect(failure).rejects.toBeInstanceOf(ConflictException);
    await expect(failure).rejects.toThrow('The resource changed while it was being written; send the request again.');
  });

  it('unconditional with only a create: created, or 409 when it exists', async () => {
    await expect(writeConditionally(NONE, { create: async () => 'x' })).resolves.toEqual({ value: 'x', created: true });
    await expect(writeConditionally(NONE, { create: async () => undefined })).rejects.toBeInstanceOf(ConflictException);
  });

  it('unconditional with only an update, and nothing there: 404', async () => {
    await expect(writeConditionally(NONE, { update: async () => 0 })).rejects.toBeInstanceOf(NotFoundException);
  });

  it('create-only without a create attempt: 404; with one that inserts nothing: 412', async () => {
    await expect(writeConditionally(ABSENT, { update: async () => 1 })).rejects.toBeInstanceOf(NotFoundException);
    await expect(writeConditionally(ABSENT, { create: async () => null })).rejects.toBeInstanceOf(
      PreconditionFailedException,
    );
  });

  it('refuses attempts that cannot carry the condition, as a bug (TypeError, a 500)', async () => {
    await expect(writeConditionally(MATCH, { create: async () => 1 })).rejects.toThrow(
      'nestjs-conditional: a "match" write needs an update attempt',
    );
    await expect(writeConditionally(NONE, {})).rejects.toThrow(
      'nestjs-conditional: writeConditionally needs an update or a create attempt',
    );
  });

  it('a lost-race error becomes a 412 carrying it; any other error goes on as it is', async () => {
    const lost = Object.assign(new Error('could not serialize access'), { code: '40001' });
    const failure = await writeConditionally(MATCH, { update: () => Promise.reject(lost) }).catch(
      (error: HttpException) => error,
    );
    expect(failure).toBeInstanceOf(PreconditionFailedException);
    expect((failure as HttpException).getResponse()).toEqual({ statusCode: 412, message: 'Precondition Failed' });
    expect((failure as HttpException).cause).toBe(lost);
    const other = new Error('connection refused');
    await expect(writeConditionally(MATCH, { update: () => Promise.reject(other) })).rejects.toBe(other);
    await expect(writeConditionally(NONE, { update: () => Promise.reject(lost) })).rejects.toBe(lost);
  });
});
