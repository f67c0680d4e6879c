import fastifyCompress from '@fastify/compress';
import { type INestApplication } from '@nestjs/common';
import compression from 'compression';
import request from 'supertest';
import { bodyEntityTag } from '../../../src';
import { calls } from '../fixtures/call-log';
import { CompressedAppModule, CompressedEveryResponseModule, LARGE, SMALL } from '../fixtures/compressed.app';
import { expectBodilessNotModified } from '../support/expectations';
import { PLATFORMS, type Platform, type RunningApp, startApp } from '../support/platforms';

/**
 * In-app compression, as each platform's docs set it up: `app.use(compression())` on Express,
 * `@fastify/compress` registered on the adapter's Fastify instance. Neither touches the ETag;
 * the library sends a compressed response's strong tag weak, as nginx and Django do.
 */
async function compress(platform: Platform, app: INestApplication): Promise<void> {
  if (platform.platform === 'express') app.use(compression());
  else await app.getHttpAdapter().getInstance().register(fastifyCompress);
}

const GZIP = { 'Accept-Encoding': 'gzip' };
const IDENTITY = { 'Accept-Encoding': 'identity' };

describe.each(PLATFORMS)('in-app compression on $platform', (platform) => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp(platform, CompressedAppModule, undefined, (app) => compress(platform, app));
  });
  afterAll(() => running.close());
  beforeEach(() => calls.reset());
  const client = () => request(running.url);

  it('sends the strong ETag of a compressed body weak', async () => {
    const response = await client().get('/docs/large').set(GZIP);
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.headers.etag).toBe('W/"large-v1"');
    expect(response.body).toEqual(LARGE);
    expect(calls.count('handler:large')).toBe(1);
  });

  it("weakens a handler's own strong ETag on a route whose guard sets only cache fields", async () => {
    const response = await client().get('/docs/cached').set(GZIP);
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers.etag).toBe('W/"own-v1"');
    expect(response.headers['cache-control']).toBe('max-age=60');
    expect(calls.count('handler:cached')).toBe(1);
  });

  it('takes the validators and the success Cache-Control back from a compressed error', async () => {
    const response = await client().get('/docs/failing').set(GZIP);
    expect(response.status).toBe(503);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers.etag).toBeUndefined();
    expect(response.headers['cache-control']).toBeUndefined();
    expect(response.body).toEqual(LARGE);
    expect(calls.count('handler:failing')).toBe(1);
  });

  it('keeps the strong ETag of an identity body: no Accept-Encoding, identity, or under the threshold', async () => {
    const without = await client().get('/docs/large').unset('Accept-Encoding');
    expect(without.status).toBe(200);
    expect(without.headers['content-encoding']).toBeUndefined();
    expect(without.headers.etag).toBe('"large-v1"');
    expect(without.body).toEqual(LARGE);
    const identity = await client().get('/docs/large').set(IDENTITY);
    expect(identity.status).toBe(200);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers.etag).toBe('"large-v1"');
    const small = await client().get('/docs/small').set(GZIP);
    expect(small.status).toBe(200);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.headers.etag).toBe('"small-v1"');
    expect(small.body).toEqual(SMALL);
    expect(calls.count('handler:large')).toBe(2);
    expect(calls.count('handler:small')).toBe(1);
  });

  it.each(['W/"large-v1"', '"large-v1"'])('revalidates with %s: a 304 before the handler', async (tag) => {
    const response = await client().get('/docs/large').set(GZIP).set('If-None-Match', tag);
    expectBodilessNotModified(response);
    // As nginx's and Django's: the 304 has no body to code, and carries the validator as it is.
    expect(response.headers.etag).toBe('"large-v1"');
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(calls.count('validator:large')).toBe(1);
    expect(calls.count('handler:large')).toBe(0);
  });

  it("@Vary('accept-encoding') puts it once on the compressed 200, the identity 200 and the 304", async () => {
    const compressed = await client().get('/docs/negotiated').set(GZIP);
    expect(compressed.status).toBe(200);
    expect(compressed.headers['content-encoding']).toBe('gzip');
    expect(compressed.headers.etag).toBe('W/"negotiated-v1"');
    expect(compressed.headers.vary).toBe('accept-encoding');
    expect(compressed.body).toEqual(LARGE);
    const identity = await client().get('/docs/negotiated').set(IDENTITY);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers.etag).toBe('"negotiated-v1"');
    expect(identity.headers.vary).toBe('accept-encoding');
    const notModified = await client().get('/docs/negotiated').set(GZIP).set('If-None-Match', 'W/"negotiated-v1"');
    expectBodilessNotModified(notModified);
    expect(notModified.headers.vary).toBe('accept-encoding');
    expect(calls.count('handler:negotiated')).toBe(2);
  });

  it('weakens a strong ETag derived from the body, and still revalidates with it', async () => {
    const strong = bodyEntityTag(JSON.stringify(LARGE), true).value;
    const compressed = await client().get('/docs/rendered').set(GZIP);
    expect(compressed.status).toBe(200);
    expect(compressed.headers['content-encoding']).toBe('gzip');
    expect(compressed.headers.etag).toBe(`W/${strong}`);
    expect(compressed.body).toEqual(LARGE);
    const identity = await client().get('/docs/rendered').set(IDENTITY);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers.etag).toBe(strong);
    const revalidated = await client().get('/docs/rendered').set(GZIP).set('If-None-Match', compressed.headers.etag);
    expectBodilessNotModified(revalidated);
    expect(revalidated.headers.etag).toBe(strong);
    expect(calls.count('handler:rendered')).toBe(3);
  });

  it('leaves If-Match on a write as it was: the strong tag passes, a stale or weak one is a 412', async () => {
    const current = await client().put('/docs/large').set(GZIP).set('If-Match', '"large-v1"').send({ n: 1 });
    expect(current.status).toBe(200);
    expect(current.headers['content-encoding']).toBe('gzip');
    expect(current.headers.etag).toBeUndefined();
    expect(current.body).toEqual({ replaced: { n: 1 }, padding: LARGE.text });
    expect(calls.count('handler:replace')).toBe(1);
    for (const tag of ['"large-v0"', 'W/"large-v1"']) {
      const refused = await client().put('/docs/large').set(GZIP).set('If-Match', tag).send({ n: 2 });
      expect(refused.status).toBe(412);
      expect(refused.body).toEqual({ message: 'Precondition Failed', statusCode: 412 });
      expect(refused.headers.etag).toBeUndefined();
    }
    expect(calls.count('handler:replace')).toBe(1);
  });
});

describe.each(PLATFORMS)('in-app compression with conditionalGet: { strong: true } on $platform', (platform) => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp(platform, CompressedEveryResponseModule, undefined, (app) => compress(platform, app));
  });
  afterAll(() => running.close());
  beforeEach(() => calls.reset());

  it("weakens an undecorated route's strong body ETag when compressed, not when sent as it is", async () => {
    const strong = bodyEntityTag(JSON.stringify(LARGE), true).value;
    const compressed = await request(running.url).get('/plain').set(GZIP);
    expect(compressed.status).toBe(200);
    expect(compressed.headers['content-encoding']).toBe('gzip');
    expect(compressed.headers.etag).toBe(`W/${strong}`);
    expect(compressed.body).toEqual(LARGE);
    const identity = await request(running.url).get('/plain').set(IDENTITY);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers.etag).toBe(strong);
    expectBodilessNotModified(await request(running.url).get('/plain').set(GZIP).set('If-None-Match', `W/${strong}`));
    expect(calls.count('handler:plain')).toBe(3);
  });
});
