import request, { type Response } from 'supertest';
import { calls } from '../fixtures/call-log';
import { ITEM, ITEM_ETAG, ItemsAppModule } from '../fixtures/items.app';
import { expectBodilessNotModified } from '../support/expectations';
import { PLATFORMS, type RunningApp, startApp } from '../support/platforms';

const ORIGIN = 'https://shop.example';

/** The names of a Vary field, as written (case and order kept). */
function varyNames(response: Response): string[] {
  return String(response.headers.vary ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}

/**
 * `app.enableCors()` with an origin list (the `cors` package on Express, `@fastify/cors` on
 * Fastify): a list sends `Vary: Origin` (a `*` origin sends none), which the route's
 * `@Vary('Accept-Language')` joins. The methods are listed: `@fastify/cors` allows only GET, HEAD and
 * POST by default.
 */
describe.each(PLATFORMS)('CORS (app.enableCors) on $platform', (platform) => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp(platform, ItemsAppModule, undefined, (app) =>
      app.enableCors({ origin: [ORIGIN], methods: ['GET', 'HEAD', 'PUT'] }),
    );
  });
  afterAll(() => running.close());
  beforeEach(() => calls.reset());
  const client = () => request(running.url);

  it("the 200 varies on Origin and the route's Accept-Language, each once", async () => {
    const response = await client().get('/items/1').set('Origin', ORIGIN);
    expect(response.status).toBe(200);
    expect(response.body).toEqual(ITEM);
    expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(response.headers.etag).toBe(ITEM_ETAG);
    expect(varyNames(response)).toEqual(['Origin', 'Accept-Language']);
    expect(calls.count('handler:read')).toBe(1);
  });

  it('so does the early 304, without running the handler', async () => {
    const response = await client().get('/items/1').set('Origin', ORIGIN).set('If-None-Match', ITEM_ETAG);
    expectBodilessNotModified(response);
    expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(response.headers.etag).toBe(ITEM_ETAG);
    expect(varyNames(response)).toEqual(['Origin', 'Accept-Language']);
    expect(calls.count('validator:item')).toBe(1);
    expect(calls.count('handler:read')).toBe(0);
  });

  it('a preflight is answered by CORS alone: no validator, no handler, no ETag', async () => {
    const response = await client()
      .options('/items/1')
      .set('Origin', ORIGIN)
      .set('Access-Control-Request-Method', 'PUT')
      .set('Access-Control-Request-Headers', 'If-Match');
    expect(response.status).toBe(204);
    expect(response.text ?? '').toBe('');
    expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(response.headers['access-control-allow-methods']).toContain('PUT');
    expect(response.headers.etag).toBeUndefined();
    expect(response.headers['last-modified']).toBeUndefined();
    expect(calls.count('validator:item')).toBe(0);
    expect(calls.count('handler:read') + calls.count('handler:write')).toBe(0);
  });

  it('a cross-origin write with a stale If-Match is a 412 that CORS lets the page read', async () => {
    const response = await client()
      .put('/items/1')
      .set('Origin', ORIGIN)
      .set('If-Match', '"item-v0"')
      .send({ name: 'desk' });
    expect(response.status).toBe(412);
    expect(response.body).toEqual({ message: 'Precondition Failed', statusCode: 412 });
    expect(response.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(calls.count('handler:write')).toBe(0);
  });
});
