import request from 'supertest';
import { calls } from './fixtures/call-log';
import { ClassGuardsAppModule, seenUsers } from './fixtures/class-guards.app';
import { expectBodilessNotModified } from './support/expectations';
import { PLATFORMS, type RunningApp, startApp } from './support/platforms';

/** An auth guard and `@ETag` both on the class, in both decorator orders. */
const ORDERS = [
  {
    name: '@UseGuards(Auth) above @ETag(f) on the class',
    path: '/class-guard-above',
    handler: 'handler:classGuardAbove',
  },
  {
    name: '@ETag(f) above @UseGuards(Auth) on the class',
    path: '/class-guard-below',
    handler: 'handler:classGuardBelow',
  },
] as const;

describe.each(PLATFORMS)('class-level guards and class-level validators on $platform', (platform) => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp(platform, ClassGuardsAppModule);
  });
  afterAll(() => running.close());
  beforeEach(() => {
    calls.reset();
    seenUsers.splice(0);
  });
  const client = () => request(running.url);

  describe.each(ORDERS)('$name', ({ path, handler }) => {
    it.each([
      ['If-None-Match: *', { 'If-None-Match': '*' }],
      ['If-None-Match naming the tag', { 'If-None-Match': '"anonymous-v1"' }],
      ['If-Match: "stale"', { 'If-Match': '"stale"' }],
    ])('no credentials, %s: 401, never a 304 or 412, and the validator is never called', async (_name, headers) => {
      const response = await client().get(path).set(headers);
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({ statusCode: 401 });
      expect(response.headers.etag ?? '').not.toContain('-v1');
      expect(calls.count('guard:auth')).toBe(1);
      expect(calls.count('validator:classUser')).toBe(0);
      expect(seenUsers).toEqual([]);
      expect(calls.count(handler)).toBe(0);
    });

    it('a forbidden user (the second class guard): 403, the validator is never called', async () => {
      const response = await client()
        .get(path)
        .set('Authorization', 'Bearer mallory')
        .set('If-None-Match', '"mallory-v1"');
      expect(response.status).toBe(403);
      expect(calls.count('validator:classUser')).toBe(0);
      expect(calls.count(handler)).toBe(0);
    });

    it('a PUT without credentials and a stale If-Match: 401, not 412, no validator', async () => {
      const response = await client().put(path).set('If-Match', '"stale"');
      expect(response.status).toBe(401);
      expect(calls.count('validator:classUser')).toBe(0);
      expect(calls.count(`${handler}.put`)).toBe(0);
    });

    it('with credentials: 200 with the ETag of the user the validator saw', async () => {
      const response = await client().get(path).set('Authorization', 'Bearer alice');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ok: true });
      expect(response.headers.etag).toBe('"alice-v1"');
      expect(seenUsers).toEqual(['alice']);
      expect(calls.count(handler)).toBe(1);
    });

    it('with credentials and a matching If-None-Match: 304, the validator saw request.user, no handler', async () => {
      const response = await client().get(path).set('Authorization', 'Bearer alice').set('If-None-Match', '"alice-v1"');
      expectBodilessNotModified(response);
      expect(response.headers.etag).toBe('"alice-v1"');
      expect(calls.count('guard:auth')).toBe(1);
      expect(seenUsers).toEqual(['alice']);
      expect(calls.count(handler)).toBe(0);
    });

    it("with credentials and another user's tag: 200 (the tag is the caller's)", async () => {
      const response = await client().get(path).set('Authorization', 'Bearer bob').set('If-None-Match', '"alice-v1"');
      expect(response.status).toBe(200);
      expect(response.headers.etag).toBe('"bob-v1"');
      expect(seenUsers).toEqual(['bob']);
      expect(calls.count(handler)).toBe(1);
    });

    it('with credentials, a PUT with a stale If-Match: 412 after the guard, no handler', async () => {
      const response = await client().put(path).set('Authorization', 'Bearer alice').set('If-Match', '"stale"');
      expect(response.status).toBe(412);
      expect(seenUsers).toEqual(['alice']);
      expect(calls.count(`${handler}.put`)).toBe(0);
    });
  });
});
