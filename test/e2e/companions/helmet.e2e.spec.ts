import fastifyHelmet from '@fastify/helmet';
import { type INestApplication } from '@nestjs/common';
import helmet from 'helmet';
import request, { type Response } from 'supertest';
import { calls } from '../fixtures/call-log';
import { ITEM, ITEM_ETAG, ITEM_LAST_MODIFIED, ItemsAppModule } from '../fixtures/items.app';
import { expectBodilessNotModified } from '../support/expectations';
import { PLATFORMS, type Platform, type RunningApp, startApp } from '../support/platforms';

/** helmet as each platform's docs set it up: the middleware on Express, the plugin on Fastify. */
async function useHelmet(platform: Platform, app: INestApplication): Promise<void> {
  if (platform.platform === 'express') app.use(helmet());
  else await app.getHttpAdapter().getInstance().register(fastifyHelmet);
}

/** A few of helmet's default headers, which must be on every answer, 304 and 412 included. */
function expectHelmetHeaders(response: Response): void {
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
  expect(response.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
  expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  expect(response.headers['cross-origin-resource-policy']).toBe('same-origin');
}

describe.each(PLATFORMS)('helmet on $platform', (platform) => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp(platform, ItemsAppModule, undefined, (app) => useHelmet(platform, app));
  });
  afterAll(() => running.close());
  beforeEach(() => calls.reset());
  const client = () => request(running.url);

  it('the 200 has the validators and helmet headers', async () => {
    const response = await client().get('/items/1');
    expect(response.status).toBe(200);
    expect(response.body).toEqual(ITEM);
    expect(response.headers.etag).toBe(ITEM_ETAG);
    expect(response.headers['last-modified']).toBe(ITEM_LAST_MODIFIED);
    expectHelmetHeaders(response);
    expect(calls.count('handler:read')).toBe(1);
  });

  it('the early 304 keeps helmet headers, and the handler does not run', async () => {
    const response = await client().get('/items/1').set('If-None-Match', ITEM_ETAG);
    expectBodilessNotModified(response);
    expect(response.headers.etag).toBe(ITEM_ETAG);
    expect(response.headers['last-modified']).toBe(ITEM_LAST_MODIFIED);
    expectHelmetHeaders(response);
    expect(calls.count('validator:item')).toBe(1);
    expect(calls.count('handler:read')).toBe(0);
  });

  it('a stale If-Match is a 412 with helmet headers; the current one writes', async () => {
    const refused = await client().put('/items/1').set('If-Match', '"item-v0"').send({ name: 'desk' });
    expect(refused.status).toBe(412);
    expect(refused.body).toEqual({ message: 'Precondition Failed', statusCode: 412 });
    expect(refused.headers.etag).toBeUndefined();
    expectHelmetHeaders(refused);
    expect(calls.count('handler:write')).toBe(0);
    const written = await client().put('/items/1').set('If-Match', ITEM_ETAG).send({ name: 'desk' });
    expect(written.status).toBe(200);
    expect(written.body).toEqual({ ...ITEM, name: 'desk' });
    expectHelmetHeaders(written);
    expect(calls.count('handler:write')).toBe(1);
  });
});
