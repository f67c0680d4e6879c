import request from 'supertest';
import { AppModule } from './fixtures/quick-start.app';
import { expectBodilessNotModified } from './support/expectations';
import { PLATFORMS, type RunningApp, startApp } from './support/platforms';

describe.each(PLATFORMS)("the README's quick start on $platform", (platform) => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp(platform, AppModule);
  });
  afterAll(() => running.close());

  it('answers 200 with the validators, then 304 to the same client', async () => {
    const first = await request(running.url).get('/articles/1');
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ title: 'Hello', version: 3, updatedAt: '2026-11-01T09:00:00.000Z' });
    expect(first.headers.etag).toBe('"v3"');
    expect(first.headers['last-modified']).toBe('Sun, 01 Nov 2026 09:00:00 GMT');
    expectBodilessNotModified(await request(running.url).get('/articles/1').set('If-None-Match', '"v3"'));
    expectBodilessNotModified(
      await request(running.url).get('/articles/1').set('If-Modified-Since', 'Sun, 01 Nov 2026 09:00:00 GMT'),
    );
    await request(running.url).get('/articles/2').expect(404);
  });
});
