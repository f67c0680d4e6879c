import { bodyEntityTag } from '../../src';
import { CacheAppModule, PAGE } from './fixtures/cache.app';
import { calls } from './fixtures/call-log';
import { expectBodilessNotModified } from './support/expectations';
import { PLATFORMS, useApp } from './support/platforms';

const NEVER_CACHE = 'private, no-cache, no-store, must-revalidate, max-age=0';

describe.each(PLATFORMS)('@CacheControl, @NeverCache and @Vary on $platform', (platform) => {
  const client = useApp(platform, CacheAppModule);
  beforeEach(() => calls.reset());

  it('a 200 carries Cache-Control, and Vary merged with the middleware’s Origin and the class’s name', async () => {
    const response = await client().get('/cached/public');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(PAGE);
    expect(response.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=30');
    expect(response.headers.vary).toBe('Origin, Accept-Language');
    expect(response.headers.etag).toBe('"p1"');
  });

  it('an early 304 carries the same Cache-Control and Vary, and the handler does not run', async () => {
    const response = await client().get('/cached/public').set('If-None-Match', '"p1"');
    expectBodilessNotModified(response);
    expect(response.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=30');
    expect(response.headers.vary).toBe('Origin, Accept-Language');
    expect(calls.count('handler:public')).toBe(0);
  });

  it('the class’s @CacheControl applies to a route without its own, with no validator: no precondition is evaluated', async () => {
    const response = await client()
      .get('/cached/class-default')
      .set('If-Match', '"anything"')
      .set('If-None-Match', '*');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(response.headers.vary).toBe('Origin, Accept-Language');
    expect(response.headers.etag).toBeUndefined();
    expect(calls.count('handler:class-default')).toBe(1);
  });

  it('method and class @Vary add up, each name once whatever its case', async () => {
    const response = await client().get('/cached/private');
    expect(response.headers['cache-control']).toBe('private, no-cache');
    expect(response.headers.vary).toBe('Origin, Authorization, accept-language');
    const notModified = await client().get('/cached/private').set('If-Modified-Since', 'Sun, 01 Feb 2026 00:00:00 GMT');
    expectBodilessNotModified(notModified);
    expect(notModified.headers['cache-control']).toBe('private, no-cache');
    expect(notModified.headers.vary).toBe('Origin, Authorization, accept-language');
  });

  it('@NeverCache(): Django’s never_cache fields on the 200 and on the 304', async () => {
    const response = await client().get('/cached/never');
    expect(response.headers['cache-control']).toBe(NEVER_CACHE);
    expect(response.headers.expires).toBe('Thu, 01 Jan 1970 00:00:00 GMT');
    const notModified = await client().get('/cached/never').set('If-None-Match', '"n1"');
    expectBodilessNotModified(notModified);
    expect(notModified.headers['cache-control']).toBe(NEVER_CACHE);
    expect(notModified.headers.expires).toBe('Thu, 01 Jan 1970 00:00:00 GMT');
  });

  it('a 304 decided after the handler (@ETag()) carries them too', async () => {
    const etag = bodyEntityTag(JSON.stringify(PAGE), false).value;
    const response = await client().get('/cached/late').set('If-None-Match', etag);
    expectBodilessNotModified(response);
    expect(response.headers.etag).toBe(etag);
    expect(response.headers['cache-control']).toBe('max-age=30');
    expect(response.headers.vary).toBe('Origin, Accept-Language');
    expect(calls.count('handler:late')).toBe(1);
  });

  it('an error does not get Cache-Control (no cache keeps a 500), but keeps Vary', async () => {
    const response = await client().get('/cached/error');
    expect(response.status).toBe(500);
    expect(response.headers['cache-control']).toBeUndefined();
    expect(response.headers.vary).toBe('Origin, Accept-Language');
  });

  it('an error keeps the restrictive directives: a private 404 stays private, and @NeverCache is never cached', async () => {
    const privateError = await client().get('/cached/private-error');
    expect(privateError.status).toBe(404);
    expect(privateError.headers['cache-control']).toBe('private');
    const neverError = await client().get('/cached/never-error');
    expect(neverError.status).toBe(404);
    expect(neverError.headers['cache-control']).toBe(NEVER_CACHE);
    expect(neverError.headers.expires).toBe('Thu, 01 Jan 1970 00:00:00 GMT');
  });

  it('a route’s own @Header("Vary") joins the merged Vary, on the 200 and on the 304', async () => {
    const response = await client().get('/cached/declared-vary');
    expect(response.headers.vary).toBe('Origin, Cookie, Accept-Language');
    const notModified = await client().get('/cached/declared-vary').set('If-None-Match', '"d1"');
    expectBodilessNotModified(notModified);
    expect(notModified.headers.vary).toBe('Origin, Cookie, Accept-Language');
  });

  it('a plain base controller whose route a decorated subclass inherits keeps working, undecorated', async () => {
    const base = await client().get('/base').set('If-None-Match', '"child"');
    expect(base.status).toBe(200);
    expect(base.body).toEqual(PAGE);
    expect(base.headers.etag).toBeUndefined();
    expect(base.headers.vary).toBe('Origin');
    const child = await client().get('/child').set('If-None-Match', '"child"');
    expectBodilessNotModified(child);
    expect(child.headers.vary).toBe('Origin, Authorization');
    expect(calls.count('handler:base')).toBe(1);
  });

  it('a PUT of the class gets the class’s fields, and never Express’s own body ETag', async () => {
    const response = await client().put('/cached/write');
    expect(response.status).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    expect(response.headers.etag).toBeUndefined();
    expect(calls.count('handler:write')).toBe(1);
  });

  describe('header fields set as arrays are read as one comma-joined value', () => {
    const etag = bodyEntityTag(JSON.stringify(PAGE), false).value;

    it('a middleware’s Vary array joins @Vary()’s names, on the 200 and on the early 304', async () => {
      const response = await client().get('/array-fields/merged');
      expect(response.status).toBe(200);
      expect(response.headers.vary).toBe('Origin, Accept-Encoding, Accept-Language');
      const notModified = await client().get('/array-fields/merged').set('If-None-Match', '"a1"');
      expectBodilessNotModified(notModified);
      expect(notModified.headers.vary).toBe('Origin, Accept-Encoding, Accept-Language');
      expect(calls.count('handler:array-merged')).toBe(1);
    });

    it('a handler’s Cache-Control array holding no-store: no ETag from the body, and If-None-Match is not answered', async () => {
      const response = await client().get('/array-fields/no-store').set('If-None-Match', etag);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(PAGE);
      expect(response.headers.etag).toBeUndefined();
      expect(response.headers['cache-control']).toBe('private, no-store');
      expect(calls.count('handler:array-no-store')).toBe(1);
    });

    it('a handler’s Cache-Control and Vary arrays without no-store: the ETag of the body, and a 304 that keeps both', async () => {
      const response = await client().get('/array-fields/late');
      expect(response.status).toBe(200);
      expect(response.headers.etag).toBe(etag);
      const notModified = await client().get('/array-fields/late').set('If-None-Match', etag);
      expectBodilessNotModified(notModified);
      expect(notModified.headers.etag).toBe(etag);
      expect(notModified.headers['cache-control']).toBe('public, max-age=60');
      expect(notModified.headers.vary).toBe('Accept, Accept-Language');
      expect(calls.count('handler:array-late')).toBe(2);
    });
  });

  it('a no-store inside a quoted Cache-Control argument is no directive: the body gets its ETag, and a 304', async () => {
    const etag = bodyEntityTag(JSON.stringify(PAGE), false).value;
    const response = await client().get('/array-fields/quoted-no-store');
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe(etag);
    const notModified = await client().get('/array-fields/quoted-no-store').set('If-None-Match', etag);
    expectBodilessNotModified(notModified);
    expect(notModified.headers['cache-control']).toBe('private="X-Secret, no-store, X-Other"');
    expect(calls.count('handler:quoted-no-store')).toBe(2);
  });
});
