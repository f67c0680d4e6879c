import request from 'supertest';
import { calls } from '../fixtures/call-log';
import { ITEM, ITEM_ETAG, ITEM_LAST_MODIFIED, ItemsAppModule } from '../fixtures/items.app';
import { expectBodilessNotModified } from '../support/expectations';
import { PLATFORMS, type RunningApp, startApp } from '../support/platforms';

/** `app.setGlobalPrefix('api')`: the decorated routes move under /api and behave as before. */
describe.each(PLATFORMS)("app.setGlobalPrefix('api') on $platform", (platform) => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp(platform, ItemsAppModule, undefined, (app) => app.setGlobalPrefix('api'));
  });
  afterAll(() => running.close());
  beforeEach(() => calls.reset());
  const client = () => request(running.url);

  it('serves the route under the prefix only', async () => {
    const response = await client().get('/api/items/1');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(ITEM);
    expect(response.headers.etag).toBe(ITEM_ETAG);
    expect(response.headers['last-modified']).toBe(ITEM_LAST_MODIFIED);
    expect((await client().get('/items/1')).status).toBe(404);
    expect(calls.count('handler:read')).toBe(1);
  });

  it('answers 304 before the handler under the prefix', async () => {
    const response = await client().get('/api/items/1').set('If-None-Match', ITEM_ETAG);
    expectBodilessNotModified(response);
    expect(response.headers.etag).toBe(ITEM_ETAG);
    expect(response.headers.vary).toBe('Accept-Language');
    expect(calls.count('validator:item')).toBe(1);
    expect(calls.count('handler:read')).toBe(0);
  });

  it('answers 412 before the handler under the prefix, and lets the current tag write', async () => {
    const refused = await client().put('/api/items/1').set('If-Match', '"item-v0"').send({ name: 'desk' });
    expect(refused.status).toBe(412);
    expect(refused.body).toEqual({ message: 'Precondition Failed', statusCode: 412 });
    expect(calls.count('handler:write')).toBe(0);
    const written = await client().put('/api/items/1').set('If-Match', ITEM_ETAG).send({ name: 'desk' });
    expect(written.status).toBe(200);
    expect(written.body).toEqual({ ...ITEM, name: 'desk' });
    expect(calls.count('handler:write')).toBe(1);
  });
});
