import { CACHE_MANAGER } from '@nestjs/cache-manager';
import request from 'supertest';
import { bodyEntityTag } from '../../../src';
import { calls } from '../fixtures/call-log';
import { CacheManagerAppModule } from '../fixtures/cache-manager.app';
import { expectBodilessNotModified } from '../support/expectations';
import { PLATFORMS, type RunningApp, startApp } from '../support/platforms';

const LAST_MODIFIED = 'Sun, 01 Mar 2026 12:00:00 GMT';

/**
 * `@nestjs/cache-manager`'s CacheInterceptor, bound globally: it runs after every guard, so the
 * library's 304 comes before it, and a body it answers from its cache still gets the
 * validators the guard set (or, for `@ETag()`, the tag of the cached body's bytes).
 */
describe.each(PLATFORMS)('@nestjs/cache-manager CacheInterceptor on $platform', (platform) => {
  let running: RunningApp;
  let cacheCalls: { get: jest.SpyInstance; set: jest.SpyInstance };
  beforeAll(async () => {
    running = await startApp(platform, CacheManagerAppModule);
    const cache = running.app.get(CACHE_MANAGER);
    cacheCalls = { get: jest.spyOn(cache, 'get'), set: jest.spyOn(cache, 'set') };
  });
  afterAll(() => running.close());
  beforeEach(() => calls.reset());
  const client = () => request(running.url);

  it('a body answered from the cache keeps its validators; an early 304 never reaches the cache', async () => {
    const first = await client().get('/catalog/early');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ run: 1 });
    expect(first.headers['x-cache']).toBe('MISS');
    expect(first.headers.etag).toBe('"catalog-v1"');
    expect(first.headers['last-modified']).toBe(LAST_MODIFIED);
    expect(cacheCalls.set).toHaveBeenCalledTimes(1);

    const cached = await client().get('/catalog/early');
    expect(cached.status).toBe(200);
    expect(cached.body).toEqual({ run: 1 });
    expect(cached.headers['x-cache']).toBe('HIT');
    expect(cached.headers.etag).toBe('"catalog-v1"');
    expect(cached.headers['last-modified']).toBe(LAST_MODIFIED);
    expect(calls.count('handler:early')).toBe(1);
    expect(cacheCalls.get).toHaveBeenCalledTimes(2);

    for (const [name, value] of [
      ['If-None-Match', '"catalog-v1"'],
      ['If-Modified-Since', LAST_MODIFIED],
    ]) {
      const notModified = await client().get('/catalog/early').set(name, value);
      expectBodilessNotModified(notModified);
      expect(notModified.headers.etag).toBe('"catalog-v1"');
      expect(notModified.headers['last-modified']).toBe(LAST_MODIFIED);
      expect(notModified.headers['x-cache']).toBeUndefined();
    }
    expect(calls.count('validator:early')).toBe(4);
    expect(calls.count('handler:early')).toBe(1);
    expect(cacheCalls.get).toHaveBeenCalledTimes(2);
    expect(cacheCalls.set).toHaveBeenCalledTimes(1);
  });

  it('@ETag() from the body validates a body answered from the cache', async () => {
    cacheCalls.get.mockClear();
    cacheCalls.set.mockClear();
    const etag = bodyEntityTag(JSON.stringify({ run: 1 }), false).value;
    const first = await client().get('/catalog/late');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ run: 1 });
    expect(first.headers['x-cache']).toBe('MISS');
    expect(first.headers.etag).toBe(etag);

    const notModified = await client().get('/catalog/late').set('If-None-Match', etag);
    expectBodilessNotModified(notModified);
    expect(notModified.headers.etag).toBe(etag);
    expect(notModified.headers['x-cache']).toBe('HIT');

    const cached = await client().get('/catalog/late');
    expect(cached.status).toBe(200);
    expect(cached.body).toEqual({ run: 1 });
    expect(cached.headers['x-cache']).toBe('HIT');
    expect(cached.headers.etag).toBe(etag);
    expect(calls.count('handler:late')).toBe(1);
    expect(cacheCalls.get).toHaveBeenCalledTimes(3);
    expect(cacheCalls.set).toHaveBeenCalledTimes(1);
  });

  it('a documented limit: @LastModified() from the result sends no Last-Modified with a cache hit', async () => {
    const first = await client().get('/catalog/from-result');
    expect(first.status).toBe(200);
    expect(first.headers['x-cache']).toBe('MISS');
    expect(first.headers['last-modified']).toBe(LAST_MODIFIED);
    const cached = await client().get('/catalog/from-result');
    expect(cached.status).toBe(200);
    expect(cached.body).toEqual({ run: 1, updatedAt: '2026-03-01T12:00:00.000Z' });
    expect(cached.headers['x-cache']).toBe('HIT');
    // The global CacheInterceptor answers without calling the route's interceptors.
    expect(cached.headers['last-modified']).toBeUndefined();
    expect(calls.count('handler:from-result')).toBe(1);
  });
});
