import request from 'supertest';
import { combineEntityTags, toEntityTag } from '../../src';
import { PLATFORMS, type Platform, type RunningApp, startApp } from '../e2e/support/platforms';
import { AppModule, exampleDrafts } from './examples/elements.example';

/**
 * docs/elements.md's worked example, run as written: a per-user element on the class, the
 * collection's version on the route, the release mixed in from APP_VERSION; two releases over
 * the same data.
 */
/** Starts the example as a release: the module reads APP_VERSION when the app starts. */
async function startRelease(platform: Platform, appVersion: string): Promise<RunningApp> {
  process.env.APP_VERSION = appVersion;
  try {
    return await startApp(platform, AppModule);
  } finally {
    delete process.env.APP_VERSION;
  }
}

const tagOf = (elements: string[], release: string) => combineEntityTags(elements.map(toEntityTag), release)!.value;

describe.each(PLATFORMS)('the worked example of docs/elements.md on $platform', (platform) => {
  let release1: RunningApp;
  let release2: RunningApp;
  beforeAll(async () => {
    exampleDrafts.versions.clear();
    release1 = await startRelease(platform, '1.4.0');
    release2 = await startRelease(platform, '1.5.0');
  });
  afterAll(async () => {
    await release1?.close();
    await release2?.close();
  });

  it("the route's version, then the class's user element, mixed with the release", async () => {
    const alice = await request(release1.url).get('/me/drafts').set('X-User', 'alice');
    const bob = await request(release1.url).get('/me/drafts').set('X-User', 'bob');
    expect(alice.headers.etag).toBe(tagOf(['"v0"', 'user-alice'], '1.4.0'));
    expect(bob.headers.etag).toBe(tagOf(['"v0"', 'user-bob'], '1.4.0'));
    const again = await request(release1.url)
      .get('/me/drafts')
      .set('X-User', 'alice')
      .set('If-None-Match', alice.headers.etag);
    expect(again.status).toBe(304);
  });

  it("after the deploy, the old copy gets a 200; a write's ETag is the next GET's", async () => {
    const old = await request(release1.url).get('/me/drafts').set('X-User', 'carol');
    const deployed = await request(release2.url)
      .get('/me/drafts')
      .set('X-User', 'carol')
      .set('If-None-Match', old.headers.etag);
    expect(deployed.status).toBe(200);
    expect(deployed.headers.etag).toBe(tagOf(['"v0"', 'user-carol'], '1.5.0'));
    const saved = await request(release2.url)
      .put('/me/drafts')
      .set('X-User', 'carol')
      .set('If-Match', deployed.headers.etag);
    expect(saved.status).toBe(200);
    const next = await request(release2.url).get('/me/drafts').set('X-User', 'carol');
    expect(next.headers.etag).toBe(saved.headers.etag);
    expect(next.headers.etag).toBe(tagOf(['"v1"', 'user-carol'], '1.5.0'));
  });
});
