import { calls } from './fixtures/call-log';
// Express's own body hashing (a dependency of express), to send the tag Express would match.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const expressBodyETag: (body: string, options: { weak: boolean }) => string = require('etag');
import {
  ARTICLE_LAST_MODIFIED,
  ARTICLE_UPDATED_AT,
  ArticlesAppModule,
  articles,
  resetArticles,
} from './fixtures/articles.app';
import { expectBodilessNotModified } from './support/expectations';
import { PLATFORMS, useApp } from './support/platforms';

const ONE_SECOND_LATER = 'Wed, 01 May 2024 10:20:31 GMT';
const ONE_SECOND_EARLIER = 'Wed, 01 May 2024 10:20:29 GMT';

describe.each(PLATFORMS)('conditional GET and HEAD on $platform', (platform) => {
  const client = useApp(platform, ArticlesAppModule);
  beforeEach(resetArticles);

  describe('a 200 carries the validators', () => {
    it('GET runs the handler and sends ETag and Last-Modified (IMF-fixdate, no milliseconds)', async () => {
      const response = await client().get('/articles/1');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ id: '1', body: 'first' });
      expect(response.headers.etag).toBe('"v1"');
      expect(response.headers['last-modified']).toBe(ARTICLE_LAST_MODIFIED);
      expect(response.headers['cache-control']).toBe('max-age=60');
      expect(calls.count('handler:findOne')).toBe(1);
    });

    it('HEAD runs the GET handler and sends the same validators without a body', async () => {
      const response = await client().head('/articles/1');
      expect(response.status).toBe(200);
      expect(response.text ?? '').toBe('');
      expect(response.headers.etag).toBe('"v1"');
      expect(response.headers['last-modified']).toBe(ARTICLE_LAST_MODIFIED);
      expect(calls.count('handler:findOne')).toBe(1);
    });

    it('a handler that sets its own ETag keeps it', async () => {
      const response = await client().get('/variants/own-etag/1');
      expect(response.status).toBe(200);
      expect(response.headers.etag).toBe('"handler-says"');
      expect(response.headers['last-modified']).toBe(ARTICLE_LAST_MODIFIED);
    });

    it('a handler that writes the response itself (@Res()) still sends the validators', async () => {
      const response = await client().get('/variants/raw-response/1');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ id: '1', raw: true });
      expect(response.headers.etag).toBe('"v1"');
      expect(response.headers['last-modified']).toBe(ARTICLE_LAST_MODIFIED);
    });

    it('an app interceptor answering from its cache without the handler: the validators are there', async () => {
      const response = await client().get('/variants/cache-hit/1');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ fromCache: true });
      expect(response.headers.etag).toBe('"v1"');
      expect(response.headers['last-modified']).toBe(ARTICLE_LAST_MODIFIED);
      expect(calls.count('handler:cacheHit')).toBe(0);
    });

    it('a handler that throws: the error response carries no validator', async () => {
      const response = await client().get('/variants/handler-throws/1');
      expect(response.status).toBe(404);
      expect(response.body.message).toBe('the handler found nothing');
      expect(response.headers.etag).toBeUndefined();
      expect(response.headers['last-modified']).toBeUndefined();
      expect(calls.count('handler:handlerThrows')).toBe(1);
    });

    it('a handler that answers with a non-2xx status: no validator', async () => {
      const response = await client().get('/variants/handler-status/1');
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ missing: true });
      expect(response.headers.etag).toBeUndefined();
      expect(response.headers['last-modified']).toBeUndefined();
    });

    it.each([
      ['a @Res() handler sending a 404', '/variants/raw-not-found/1', 404],
      ['@Redirect()', '/variants/redirect/1', 302],
      ['an outer interceptor failing after the handler', '/variants/outer-interceptor-fails/1', 408],
    ])('%s: the final status is not 2xx, so no validator', async (_case, path, status) => {
      const response = await client().get(path).redirects(0);
      expect(response.status).toBe(status);
      expect(response.headers.etag).toBeUndefined();
      expect(response.headers['last-modified']).toBeUndefined();
    });

    it('validators that return nothing add no header; If-None-Match: * is then decided on the handler’s 200: a 304', async () => {
      const response = await client().get('/failing/nothing').set('If-None-Match', '"v1"');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ nothing: true });
      expect(response.headers.etag).toBeUndefined();
      expect(response.headers['last-modified']).toBeUndefined();
      // The 200 is a current representation (RFC 9110 13.2.1): * matches it.
      const wildcard = await client().get('/failing/nothing').set('If-None-Match', '*');
      expectBodilessNotModified(wildcard);
      expect(wildcard.headers.etag).toBeUndefined();
      expect(calls.count('handler:nothing')).toBe(2);
    });

    it('a Last-Modified in the future is sent as now', async () => {
      articles.get('1')!.updatedAt = new Date(Date.now() + 3_600_000);
      const before = Math.floor(Date.now() / 1000) * 1000;
      const response = await client().get('/articles/1');
      const sent = Date.parse(response.headers['last-modified']);
      expect(sent).toBeGreaterThanOrEqual(before);
      expect(sent).toBeLessThanOrEqual(Date.now());
    });
  });

  describe('If-None-Match (weak comparison)', () => {
    it.each([
      ['the exact tag', '"v1"'],
      ['the weak form of the tag', 'W/"v1"'],
      ['a list holding the tag', '"v0", "v1", "v2"'],
      ['a list whose other members are malformed', 'garbage, "v1", "unclosed'],
      ['a list whose unbalanced quote comes first (reading goes on after its comma)', '""" , "v1"'],
      ['an unclosed quote holding a comma, then the tag', '"a, "v1"'],
      ['the wildcard', '*'],
    ])('%s on GET: 304 without running the handler', async (_case, ifNoneMatch) => {
      const response = await client().get('/articles/1').set('If-None-Match', ifNoneMatch);
      expectBodilessNotModified(response);
      expect(response.headers.etag).toBe('"v1"');
      expect(calls.count('handler:findOne')).toBe(0);
    });

    it('repeated If-None-Match lines are one list', async () => {
      const response = await client()
        .get('/articles/1')
        .set('If-None-Match', ['"v0"', '"v1"'] as unknown as string);
      expectBodilessNotModified(response);
      expect(calls.count('handler:findOne')).toBe(0);
    });

    it('on HEAD: a bodiless 304', async () => {
      const response = await client().head('/articles/1').set('If-None-Match', '"v1"');
      expectBodilessNotModified(response);
      expect(calls.count('handler:findOne')).toBe(0);
    });

    it.each([
      ['another tag', '"v2"'],
      ['the tag without quotes (malformed)', 'v1'],
      ['a lower-case weak prefix (malformed)', 'w/"v1"'],
      ['an empty value', ''],
    ])('%s: 200 and the handler runs', async (_case, ifNoneMatch) => {
      const response = await client().get('/articles/1').set('If-None-Match', ifNoneMatch);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ id: '1', body: 'first' });
      expect(response.headers.etag).toBe('"v1"');
      expect(calls.count('handler:findOne')).toBe(1);
    });

    it('the 304 repeats the Cache-Control, Expires, Vary and Content-Location the route declares, and nothing else of its own', async () => {
      const response = await client().get('/articles/1').set('If-None-Match', '"v1"');
      expectBodilessNotModified(response);
      expect(response.headers['last-modified']).toBe(ARTICLE_LAST_MODIFIED);
      expect(response.headers['cache-control']).toBe('max-age=60');
      expect(response.headers.vary).toBe('Accept-Language');
      expect(response.headers.expires).toBe('Thu, 01 Dec 2094 16:00:00 GMT');
      expect(response.headers['content-location']).toBe('/articles/canonical');
      expect(response.headers['x-not-on-304']).toBeUndefined();
      expect(response.headers.date).toBeDefined();
    });
  });

  describe('If-Modified-Since (GET/HEAD only, second resolution)', () => {
    it.each([
      ['the same second (the stored time has milliseconds)', ARTICLE_LAST_MODIFIED],
      ['a later date', ONE_SECOND_LATER],
      ['the RFC 850 form', 'Wednesday, 01-May-24 10:20:30 GMT'],
      ['the asctime form', 'Wed May  1 10:20:30 2024'],
    ])('%s: 304', async (_case, ifModifiedSince) => {
      const response = await client().get('/articles/1').set('If-Modified-Since', ifModifiedSince);
      expectBodilessNotModified(response);
      expect(response.headers['last-modified']).toBe(ARTICLE_LAST_MODIFIED);
      expect(calls.count('handler:findOne')).toBe(0);
    });

    it.each([
      ['an earlier date', ONE_SECOND_EARLIER],
      ['a date Date.parse would accept but HTTP does not', '2024-05-01T10:20:31Z'],
      ['a date without its time zone', 'Wed, 01 May 2024 10:20:31'],
      ['garbage', 'yesterday'],
    ])('%s: 200 and the handler runs', async (_case, ifModifiedSince) => {
      const response = await client().get('/articles/1').set('If-Modified-Since', ifModifiedSince);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ id: '1', body: 'first' });
      expect(calls.count('handler:findOne')).toBe(1);
    });

    it('is ignored when If-None-Match is present, even when it would say 304', async () => {
      const response = await client()
        .get('/articles/1')
        .set('If-None-Match', '"v0"')
        .set('If-Modified-Since', ONE_SECOND_LATER);
      expect(response.status).toBe(200);
      expect(calls.count('handler:findOne')).toBe(1);
    });

    it('on HEAD: 304', async () => {
      const response = await client().head('/articles/1').set('If-Modified-Since', ARTICLE_LAST_MODIFIED);
      expectBodilessNotModified(response);
      expect(calls.count('handler:findOne')).toBe(0);
    });

    it('is ignored on a route with no Last-Modified', async () => {
      const response = await client().get('/variants/etag-only/1').set('If-Modified-Since', ONE_SECOND_LATER);
      expect(response.status).toBe(200);
      expect(calls.count('handler:etagOnly')).toBe(1);
    });

    it('the stored time is compared at whole seconds', async () => {
      articles.get('1')!.updatedAt = new Date(ARTICLE_UPDATED_AT.getTime() + 543);
      const response = await client().get('/articles/1').set('If-Modified-Since', ARTICLE_LAST_MODIFIED);
      expectBodilessNotModified(response);
    });
  });

  describe('the platform never answers for the validators', () => {
    it('no body ETag on a route with only a Last-Modified validator (Express would add one)', async () => {
      const response = await client().get('/variants/last-modified-only/1');
      expect(response.status).toBe(200);
      expect(response.headers.etag).toBeUndefined();
      expect(response.headers['last-modified']).toBe(ARTICLE_LAST_MODIFIED);
    });

    it('no 304 decided after the handler from a date the validators ignore (Express would 304 here)', async () => {
      const lenientDate = new Date(ARTICLE_UPDATED_AT.getTime() + 5000).toISOString();
      const response = await client().get('/variants/last-modified-only/1').set('If-Modified-Since', lenientDate);
      expect(response.status).toBe(200);
      expect(response.body.id).toBe('1');
      expect(calls.count('handler:lastModifiedOnly')).toBe(1);
    });

    it('no 304 decided after the handler on an If-None-Match the validators did not match', async () => {
      const first = await client().get('/variants/last-modified-only/1');
      // The tag Express would compute for this body (its default `etag fn`), were it not off.
      const bodyHashTag: string = expressBodyETag(first.text, { weak: true });
      const response = await client().get('/variants/last-modified-only/1').set('If-None-Match', bodyHashTag);
      expect(response.status).toBe(200);
      expect(calls.count('handler:lastModifiedOnly')).toBe(2);
    });

    it('an undecorated route keeps the platform behaviour', async () => {
      const response = await client().get('/variants/plain');
      expect(response.status).toBe(200);
      expect(response.headers.etag).toEqual(
        platform.platform === 'express' ? expect.stringMatching(/^W\//) : undefined,
      );
    });
  });
});
