import { calls } from './fixtures/call-log';
import { WritesAppModule, between, docs, resetDocs, toThrow } from './fixtures/writes.app';
import { PLATFORMS, useApp } from './support/platforms';

const SINCE = 'Mon, 12 Jan 2026 09:00:00 GMT';
const SINCE_MS = Date.UTC(2026, 0, 12, 9, 0, 0);
/** The guard's 412 and the write's 412 have one body; the app's filter adds the cause's name. */
const PRECONDITION_FAILED = { statusCode: 412, message: 'Precondition Failed' };

/*
 * @WriteCondition(), writeConditionally and LostRaceInterceptor over real HTTP. `between.run`
 * plays a concurrent client: it changes the store after the guard's check, before the write.
 */
describe.each(PLATFORMS)('atomic conditional writes on $platform', (platform) => {
  const client = useApp(platform, WritesAppModule);
  beforeEach(resetDocs);

  describe('@WriteCondition() hands the handler what its write must still find', () => {
    it.each([
      ['no conditional header: none', {}, { kind: 'none' }],
      [
        'If-Match with the current tag: match',
        { 'If-Match': '"v0", "v1"' },
        { kind: 'match', etag: { weak: false, opaque: 'v1', value: '"v1"' } },
      ],
      ['If-Match: *: exists', { 'If-Match': '*' }, { kind: 'exists' }],
      [
        'If-Unmodified-Since: unmodified-since',
        { 'If-Unmodified-Since': SINCE },
        { kind: 'unmodified-since', since: SINCE_MS, modifiedBefore: SINCE_MS + 1000 },
      ],
    ])('%s', async (_case, headers, expected) => {
      const response = await client().put('/docs/1/condition').set(headers).send({});
      expect(response.status).toBe(200);
      expect(response.body).toEqual(expected);
    });

    it('If-None-Match: * on a missing resource: absent', async () => {
      const response = await client().put('/docs/2/condition').set('If-None-Match', '*').send({});
      expect(response.body).toEqual({ kind: 'absent' });
    });

    it('a GET compares nothing it writes with: none; an undecorated route: none', async () => {
      expect((await client().get('/docs/1/condition')).body).toEqual({ kind: 'none' });
      expect((await client().get('/plain/condition')).body).toEqual({ kind: 'none' });
    });
  });

  describe('writeConditionally', () => {
    it('If-Match holding at the write: 200 with the new tag, written once', async () => {
      const response = await client().put('/docs/1').set('If-Match', '"v1"').send({ text: 'second' });
      expect(response.status).toBe(200);
      expect(response.headers.etag).toBe('"v2"');
      expect(response.body).toMatchObject({ text: 'second', version: 2 });
      expect(calls.count('write:update')).toBe(1);
      expect(calls.count('write:create')).toBe(0);
    });

    it('If-Match passed the guard, then another client wrote: 412 through the app filters, nothing written', async () => {
      between.run = (id) => docs.set(id, { text: 'theirs', version: 2, updatedAt: Date.now() });
      const response = await client().put('/docs/1').set('If-Match', '"v1"').send({ text: 'mine' });
      expect(response.status).toBe(412);
      expect(response.headers['x-filtered']).toBe('yes');
      expect(response.headers.etag).toBeUndefined();
      expect(response.body).toEqual(PRECONDITION_FAILED);
      expect(calls.count('handler:put')).toBe(1);
      expect(calls.count('write:update')).toBe(1);
      expect(docs.get('1')).toMatchObject({ text: 'theirs', version: 2 });
    });

    it.each([
      ['If-Match naming the tag', { 'If-Match': '"v1"' }],
      ['If-Match: *', { 'If-Match': '*' }],
      ['If-Unmodified-Since', { 'If-Unmodified-Since': SINCE }],
    ])('%s, and the resource vanished before the write: 412, never re-created', async (_case, headers) => {
      between.run = (id) => docs.delete(id);
      const response = await client().put('/docs/1').set(headers).send({ text: 'mine' });
      expect(response.status).toBe(412);
      expect(calls.count('write:update')).toBe(1);
      expect(calls.count('write:create')).toBe(0);
      expect(docs.has('1')).toBe(false);
    });

    it('If-Match: * through a concurrent update: the write succeeds on the newer version', async () => {
      between.run = (id) => docs.set(id, { text: 'theirs', version: 5, updatedAt: Date.now() });
      const response = await client().put('/docs/1').set('If-Match', '*').send({ text: 'mine' });
      expect(response.status).toBe(200);
      expect(docs.get('1')).toMatchObject({ text: 'mine', version: 6 });
    });

    it('If-Unmodified-Since: a write since the date (same second, later milliseconds) fails it', async () => {
      const unchanged = await client().put('/docs/1').set('If-Unmodified-Since', SINCE).send({ text: 'mine' });
      expect(unchanged.status).toBe(200);
      resetDocs();
      between.run = (id) => docs.set(id, { text: 'theirs', version: 2, updatedAt: SINCE_MS + 1000 });
      const changed = await client().put('/docs/1').set('If-Unmodified-Since', SINCE).send({ text: 'mine' });
      expect(changed.status).toBe(412);
      expect(docs.get('1')!.text).toBe('theirs');
    });

    it('If-None-Match: *: 201 with "v1", create only', async () => {
      const response = await client().put('/docs/2').set('If-None-Match', '*').send({ text: 'new' });
      expect(response.status).toBe(201);
      expect(response.headers.etag).toBe('"v1"');
      expect(calls.count('write:create')).toBe(1);
      expect(calls.count('write:update')).toBe(0);
    });

    it('If-None-Match: *, and another client created it first: 412, theirs kept, never updated', async () => {
      between.run = (id) => docs.set(id, { text: 'theirs', version: 1, updatedAt: Date.now() });
      const response = await client().put('/docs/2').set('If-None-Match', '*').send({ text: 'mine' });
      expect(response.status).toBe(412);
      expect(response.headers['x-filtered']).toBe('yes');
      expect(calls.count('write:update')).toBe(0);
      expect(docs.get('2')!.text).toBe('theirs');
    });

    it('a retried successful PUT with its old If-Match: 412 (the first one moved the version)', async () => {
      const first = await client().put('/docs/1').set('If-Match', '"v1"').send({ text: 'once' });
      const retry = await client().put('/docs/1').set('If-Match', '"v1"').send({ text: 'once' });
      expect([first.status, retry.status]).toEqual([200, 412]);
      expect(docs.get('1')!.version).toBe(2);
    });

    it('DELETE after a concurrent update: 412, the row stays', async () => {
      between.run = (id) => docs.set(id, { text: 'theirs', version: 2, updatedAt: Date.now() });
      const response = await client().delete('/docs/1').set('If-Match', '"v1"');
      expect(response.status).toBe(412);
      expect(calls.count('write:delete')).toBe(1);
      expect(docs.has('1')).toBe(true);
    });

    it('an unconditional PUT: updates what exists, creates what does not (201)', async () => {
      const updated = await client().put('/docs/1').send({ text: 'blind' });
      expect([updated.status, updated.body.version]).toEqual([200, 2]);
      const created = await client().put('/docs/3').send({ text: 'new' });
      expect([created.status, created.body.version]).toEqual([201, 1]);
      expect(calls.count('write:update')).toBe(2);
      expect(calls.count('write:create')).toBe(1);
    });

    it('DELETE with the current tag: 204', async () => {
      const response = await client().delete('/docs/1').set('If-Match', '"v1"');
      expect(response.status).toBe(204);
      expect(docs.has('1')).toBe(false);
    });

    it('a write with no precondition is refused with 428 before the handler and the write', async () => {
      const response = await client().put('/docs/1/strict').send({ text: 'x' });
      expect(response.status).toBe(428);
      expect(calls.count('handler:put')).toBe(0);
      expect(calls.count('write:update')).toBe(0);
    });
  });

  describe('LostRaceInterceptor and the errors an attempt throws', () => {
    const named = (name: string, extra: object = {}) => Object.assign(new Error('lost'), { name }, extra);

    it.each([
      ['TypeORM', named('OptimisticLockVersionMismatchError')],
      ['MikroORM', named('OptimisticLockError')],
      ['Sequelize', named('SequelizeOptimisticLockError')],
      ['PostgreSQL 40001 wrapped by TypeORM', named('QueryFailedError', { driverError: { code: '40001' } })],
      ['PostgreSQL 40P01', named('error', { code: '40P01' })],
      ['Prisma P2025', named('PrismaClientKnownRequestError', { code: 'P2025' })],
    ])('a %s lost-race error in the handler under If-Match: 412 through the app filters', async (_case, error) => {
      toThrow.error = error;
      const response = await client().put('/throwing/1').set('If-Match', '"v1"').send({});
      expect(response.status).toBe(412);
      expect(response.headers['x-filtered']).toBe('yes');
      expect(response.body).toEqual({ ...PRECONDITION_FAILED, cause: error.name });
      expect(calls.count('handler:throwing')).toBe(1);
    });

    it('the same error thrown by a writeConditionally attempt (no interceptor needed): 412 with its cause', async () => {
      toThrow.error = named('OptimisticLockVersionMismatchError');
      const response = await client().put('/throwing/1/attempt').set('If-Match', '"v1"').send({});
      expect(response.status).toBe(412);
      expect(response.body.cause).toBe('OptimisticLockVersionMismatchError');
    });

    it('a unique violation: 412 on a create-only write, left alone (500) under If-Match', async () => {
      toThrow.error = named('error', { code: '23505' });
      const createOnly = await client().put('/throwing/2').set('If-None-Match', '*').send({});
      expect(createOnly.status).toBe(412);
      const update = await client().put('/throwing/1').set('If-Match', '"v1"').send({});
      expect(update.status).toBe(500);
    });

    it('an unconditional request keeps its error: 500 (no condition lost), as does any other error', async () => {
      toThrow.error = named('OptimisticLockError');
      expect((await client().put('/throwing/1').send({})).status).toBe(500);
      expect((await client().put('/plain/throwing').send({})).status).toBe(500);
      toThrow.error = new Error('boom');
      expect((await client().put('/throwing/1').set('If-Match', '"v1"').send({})).status).toBe(500);
      expect(calls.count('filter:412')).toBe(0);
    });
  });
});
