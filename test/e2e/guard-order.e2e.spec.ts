import request from 'supertest';
import { calls } from './fixtures/call-log';
import { GlobalGuardAppModule, LocalGuardsAppModule } from './fixtures/secured.app';
import { expectBodilessNotModified } from './support/expectations';
import { PLATFORMS, type RunningApp, startApp } from './support/platforms';

/** Each route is protected by BearerAuthGuard and has a validator reading `request.user`. */
const PROTECTED_GETS = [
  { name: 'global APP_GUARD', app: 'global', path: '/global-guard', handler: 'handler:globalGuard' },
  { name: 'controller-level guard', app: 'local', path: '/controller-guard', handler: 'handler:controllerGuard' },
  {
    name: 'route guard written above @ETag',
    app: 'local',
    path: '/route-guard/guard-above',
    handler: 'handler:guardAbove',
  },
  {
    name: 'route guard written below @ETag',
    app: 'local',
    path: '/route-guard/guard-below',
    handler: 'handler:guardBelow',
  },
  {
    name: 'class-level @ETag, route-level guard',
    app: 'local',
    path: '/class-condition',
    handler: 'handler:classCondition',
  },
] as const;

describe.each(PLATFORMS)('validators run after the application guards on $platform', (platform) => {
  const apps: Record<string, RunningApp> = {};
  beforeAll(async () => {
    apps.global = await startApp(platform, GlobalGuardAppModule);
    apps.local = await startApp(platform, LocalGuardsAppModule);
  });
  afterAll(async () => {
    await Promise.all(Object.values(apps).map((running) => running.close()));
  });
  beforeEach(() => calls.reset());

  describe.each(PROTECTED_GETS)('$name', ({ app, path, handler }) => {
    const client = () => request(apps[app].url);

    it('an unauthenticated request gets 401, never a 304, and costs no validator call', async () => {
      const response = await client().get(path).set('If-None-Match', '*');
      expect(response.status).toBe(401);
      // The 401 is the auth guard's answer, sent before the library runs: it may carry
      // Express's body ETag like any error of the app, but never a validator's.
      expect(response.headers.etag ?? '').not.toContain('-v1');
      expect(calls.count('validator:user')).toBe(0);
      expect(calls.count(handler)).toBe(0);
    });

    it('an unauthenticated request gets 401, never a 412', async () => {
      const response = await client().get(path).set('If-Match', '"stale"');
      expect(response.status).toBe(401);
      expect(calls.count('validator:user')).toBe(0);
    });

    it('an authenticated request gets the user-specific ETag', async () => {
      const response = await client().get(path).set('Authorization', 'Bearer alice');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ok: true });
      expect(response.headers.etag).toBe('"alice-v1"');
      expect(calls.count('guard:auth')).toBe(1);
      expect(calls.count('validator:user')).toBe(1);
      expect(calls.count(handler)).toBe(1);
    });

    it("the user's own tag: 304 without the handler; another user's tag: 200", async () => {
      const own = await client().get(path).set('Authorization', 'Bearer alice').set('If-None-Match', '"alice-v1"');
      expectBodilessNotModified(own);
      expect(calls.count(handler)).toBe(0);
      const other = await client().get(path).set('Authorization', 'Bearer bob').set('If-None-Match', '"alice-v1"');
      expect(other.status).toBe(200);
      expect(other.headers.etag).toBe('"bob-v1"');
      expect(calls.count(handler)).toBe(1);
    });
  });

  describe.each([
    ['above', '/route-guard/guard-above'],
    ['below', '/route-guard/guard-below'],
  ])('an authorisation guard written %s the decorator', (_order, path) => {
    it('answers 403 for a forbidden user before any validator runs', async () => {
      const response = await request(apps.local.url)
        .get(path)
        .set('Authorization', 'Bearer mallory')
        .set('If-None-Match', '*');
      expect(response.status).toBe(403);
      expect(calls.count('validator:user')).toBe(0);
    });
  });

  it('a PUT with a guard written below @Condition: 401 before the If-Match is evaluated', async () => {
    const response = await request(apps.local.url).put('/route-guard/guard-below').set('If-Match', '"stale"');
    expect(response.status).toBe(401);
    expect(calls.count('validator:user')).toBe(0);
    expect(calls.count('handler:writeGuardBelow')).toBe(0);
  });
});
