import { ConditionalRouteRegistry } from '../../src/request/route-registry';
import { calls } from './fixtures/call-log';
import { NothingKnownAppModule, OWN_LAST_MODIFIED, RECORD_LAST_MODIFIED, THING } from './fixtures/nothing-known.app';
import { expectBodilessNotModified } from './support/expectations';
import request from 'supertest';
import { PLATFORMS, type RunningApp, startApp } from './support/platforms';

const EARLIER = 'Thu, 01 Jan 2015 00:00:00 GMT';
const LATER = 'Fri, 01 Jan 2100 00:00:00 GMT';
const PRECONDITION_FAILED = { message: 'Precondition Failed', statusCode: 412 };

/*
 * RFC 9110 13.2.1: a GET/HEAD whose validators all return nothing is decided on the
 * handler's answer. A 2xx is a current representation without validators; anything else
 * (a 404) is the answer as it is. Writes are decided before the handler, as always.
 */
describe.each(PLATFORMS)('a GET/HEAD whose validators return nothing, on $platform', (platform) => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp(platform, NothingKnownAppModule);
  });
  afterAll(() => running.close());
  beforeEach(() => calls.reset());
  const client = () => request(running.url);

  describe('the handler answers 200: a representation exists, with no validator', () => {
    it('a listed If-Match cannot match: 412 after the handler, in Nest’s default shape', async () => {
      const response = await client().get('/nothing/plain').set('If-Match', '"v1"');
      expect(response.status).toBe(412);
      expect(response.body).toEqual(PRECONDITION_FAILED);
      expect(response.headers.etag).toBeUndefined();
      expect(calls.count('handler:plain')).toBe(1);
      expect(calls.count('validator:etag')).toBe(1);
    });

    it('If-Match: * holds: the 200 goes out', async () => {
      const response = await client().get('/nothing/plain').set('If-Match', '*');
      expect(response.status).toBe(200);
      expect(response.body).toEqual(THING);
      expect(calls.count('handler:plain')).toBe(1);
    });

    it('If-None-Match: * is false: a bodiless 304 carrying the route’s Cache-Control, no validator', async () => {
      const response = await client().get('/nothing/plain').set('If-None-Match', '*');
      expectBodilessNotModified(response);
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers.etag).toBeUndefined();
      expect(response.headers['last-modified']).toBeUndefined();
      expect(calls.count('handler:plain')).toBe(1);
    });

    it('If-None-Match: * on HEAD: a bodiless 304', async () => {
      expectBodilessNotModified(await client().head('/nothing/plain').set('If-None-Match', '*'));
      expect(calls.count('handler:plain')).toBe(1);
    });

    it('a listed If-Match on HEAD: 412', async () => {
      const response = await client().head('/nothing/plain').set('If-Match', '"v1"');
      expect(response.status).toBe(412);
      expect(response.text ?? '').toBe('');
    });

    it.each([
      ['a listed If-None-Match (it cannot match)', { 'If-None-Match': '"v1"' }],
      ['If-Unmodified-Since (no Last-Modified: ignored)', { 'If-Unmodified-Since': EARLIER }],
      ['If-Modified-Since (no Last-Modified: ignored)', { 'If-Modified-Since': LATER }],
      ['no conditional header', {}],
    ])('%s: the 200 goes out, with no validator', async (_case, headers) => {
      const response = await client().get('/nothing/plain').set(headers);
      expect(response.status).toBe(200);
      expect(response.body).toEqual(THING);
      expect(response.headers.etag).toBeUndefined();
      expect(response.headers['last-modified']).toBeUndefined();
      expect(calls.count('handler:plain')).toBe(1);
    });

    it('the order of 13.2.2 holds: a failing If-Match beats If-None-Match: *', async () => {
      const response = await client().get('/nothing/plain').set('If-Match', '"v1"').set('If-None-Match', '*');
      expect(response.status).toBe(412);
    });
  });

  describe('a non-2xx answer from the handler wins over every conditional header', () => {
    it.each([
      ['a listed If-Match', { 'If-Match': '"v1"' }],
      ['If-None-Match: *', { 'If-None-Match': '*' }],
      ['If-Match: *', { 'If-Match': '*' }],
    ])('%s: the handler’s 404', async (_case, headers) => {
      const response = await client().get('/nothing/missing').set(headers);
      expect(response.status).toBe(404);
      expect(response.body.message).toBe('no such thing');
      expect(calls.count('handler:missing')).toBe(1);
    });
  });

  describe('evaluated against the validators the handler set itself', () => {
    it('its ETag: If-None-Match matching it is a 304 with it; If-Match not matching it a 412; matching it a 200', async () => {
      const notModified = await client().get('/nothing/own-etag').set('If-None-Match', 'W/"h1"');
      expectBodilessNotModified(notModified);
      expect(notModified.headers.etag).toBe('"h1"');
      expect((await client().get('/nothing/own-etag').set('If-Match', '"h2"')).status).toBe(412);
      const ok = await client().get('/nothing/own-etag').set('If-Match', '"h1"');
      expect(ok.status).toBe(200);
      expect(ok.headers.etag).toBe('"h1"');
      expect(calls.count('handler:own-etag')).toBe(3);
    });

    it('its Last-Modified: If-Modified-Since at it is a 304; If-Unmodified-Since before it a 412', async () => {
      const notModified = await client().get('/nothing/own-last-modified').set('If-Modified-Since', OWN_LAST_MODIFIED);
      expectBodilessNotModified(notModified);
      expect(notModified.headers['last-modified']).toBe(OWN_LAST_MODIFIED);
      expect((await client().get('/nothing/own-last-modified').set('If-Unmodified-Since', EARLIER)).status).toBe(412);
      expect((await client().get('/nothing/own-last-modified').set('If-Modified-Since', EARLIER)).status).toBe(200);
    });

    it('a Last-Modified read from the result (@LastModified()) beside an early ETag that returns nothing', async () => {
      const notModified = await client().get('/nothing/from-result').set('If-Modified-Since', RECORD_LAST_MODIFIED);
      expectBodilessNotModified(notModified);
      expect(notModified.headers['last-modified']).toBe(RECORD_LAST_MODIFIED);
      const failed = await client().get('/nothing/from-result').set('If-Match', '"v1"');
      expect(failed.status).toBe(412);
      expect(calls.count('handler:from-result')).toBe(2);
    });
  });

  describe('whatever form the answer takes', () => {
    it('async validators that resolve to nothing', async () => {
      expectBodilessNotModified(await client().get('/nothing/async').set('If-None-Match', '*'));
      expect((await client().get('/nothing/async').set('If-Match', '"v1"')).status).toBe(412);
      expect(calls.count('handler:async')).toBe(2);
    });

    it('a handler that returns nothing: an empty 200, and a 304 for If-None-Match: *', async () => {
      const ok = await client().get('/nothing/empty');
      expect(ok.status).toBe(200);
      expect(ok.text ?? '').toBe('');
      expectBodilessNotModified(await client().get('/nothing/empty').set('If-None-Match', '*'));
      expect(calls.count('handler:empty')).toBe(2);
    });

    it('a handler that writes the response itself (@Res())', async () => {
      expectBodilessNotModified(await client().get('/nothing/raw').set('If-None-Match', '*'));
      const failed = await client().get('/nothing/raw').set('If-Match', '"v1"');
      expect(failed.status).toBe(412);
      expect(failed.body).toEqual(PRECONDITION_FAILED);
      expect(calls.count('handler:raw')).toBe(2);
    });
  });

  describe('writes stay decided before the handler: no current representation', () => {
    it('a listed If-Match: 412, and the handler does not run', async () => {
      const response = await client().put('/nothing/1').set('If-Match', '"v1"').send({ x: 1 });
      expect(response.status).toBe(412);
      expect(calls.count('handler:replace')).toBe(0);
    });

    it('If-None-Match: * passes: create only if absent', async () => {
      const response = await client().put('/nothing/1').set('If-None-Match', '*').send({ x: 1 });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ id: '1', body: { x: 1 } });
      expect(calls.count('handler:replace')).toBe(1);
    });
  });

  describe('the common path pays nothing', () => {
    let validateAfterRender: jest.SpyInstance;
    beforeEach(() => {
      validateAfterRender = jest.spyOn(running.app.get(ConditionalRouteRegistry).platform, 'validateAfterRender');
    });
    afterEach(() => validateAfterRender.mockRestore());

    it('without a conditional header, or with one nothing can answer, the response is not armed for a decision', async () => {
      await client().get('/nothing/plain').expect(200);
      await client().get('/nothing/plain').set('If-Modified-Since', 'not a date').expect(200);
      expect(validateAfterRender).not.toHaveBeenCalled();
    });

    it('a conditional header arms that one response (the check can fail)', async () => {
      await client().get('/nothing/plain').set('If-None-Match', '*').expect(304);
      expect(validateAfterRender).toHaveBeenCalledTimes(1);
    });
  });
});
