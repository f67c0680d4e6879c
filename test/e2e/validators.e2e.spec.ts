import { calls } from './fixtures/call-log';
import {
  ARTICLE_LAST_MODIFIED,
  ArticlesAppModule,
  BAD_DATES,
  BAD_ETAGS,
  articles,
  evaluated,
  resetArticles,
} from './fixtures/articles.app';
import { expectBodilessNotModified } from './support/expectations';
import { PLATFORMS, useApp } from './support/platforms';

describe.each(PLATFORMS)('validators on $platform', (platform) => {
  const client = useApp(platform, ArticlesAppModule);
  beforeEach(resetArticles);

  describe('stacked @ETag + @LastModified behave exactly like one @Condition', () => {
    const cases: Array<[string, Record<string, string>]> = [
      ['no header', {}],
      ['matching If-None-Match', { 'If-None-Match': '"v1"' }],
      [
        'stale If-None-Match with a later If-Modified-Since',
        { 'If-None-Match': '"v0"', 'If-Modified-Since': 'Sun, 01 Jan 2090 00:00:00 GMT' },
      ],
      ['If-Modified-Since alone', { 'If-Modified-Since': ARTICLE_LAST_MODIFIED }],
      ['failing If-Match', { 'If-Match': '"v0"' }],
      ['If-Unmodified-Since too early', { 'If-Unmodified-Since': 'Wed, 01 May 2024 10:20:29 GMT' }],
    ];

    it.each(cases)('GET with %s', async (_case, headers) => {
      const condition = await client().get('/articles/1').set(headers);
      const stacked = await client().get('/variants/stacked/1').set(headers);
      expect(stacked.status).toBe(condition.status);
      expect(stacked.headers.etag).toBe(condition.headers.etag);
      expect(stacked.headers['last-modified']).toBe(condition.headers['last-modified']);
      expect(calls.count('handler:stacked')).toBe(calls.count('handler:findOne'));
    });

    it.each(cases)('PUT with %s (decorators in the other order)', async (_case, headers) => {
      const stacked = await client().put('/variants/stacked/1').set(headers);
      resetArticles();
      const condition = await client().put('/articles/1').set(headers);
      expect(stacked.status).toBe(condition.status);
    });
  });

  describe('class-level validators (the mixin form) from an injectable class', () => {
    it('apply to every route of the controller, resolved from the injector', async () => {
      const response = await client().get('/mixin/1');
      expect(response.status).toBe(200);
      expect(response.headers.etag).toBe('"di-1"');
      expect(response.headers['last-modified']).toBe(ARTICLE_LAST_MODIFIED);
      expect(calls.count('validator:di-etag')).toBe(1);
      expect(calls.count('validator:di-lastModified')).toBe(1);
    });

    it('answer 304 from the injected service', async () => {
      const response = await client().get('/mixin/1').set('If-None-Match', '"di-1"');
      expectBodilessNotModified(response);
      expect(calls.count('handler:mixin.inherited')).toBe(0);
    });

    it('a method-level validator overrides the class one of its kind only', async () => {
      const response = await client().get('/mixin/1/override');
      expect(response.headers.etag).toBe('"method-level"');
      expect(response.headers['last-modified']).toBe(ARTICLE_LAST_MODIFIED);
      expect(calls.count('validator:di-etag')).toBe(0);
      const revalidated = await client().get('/mixin/1/override').set('If-None-Match', '"method-level"');
      expectBodilessNotModified(revalidated);
      expect(calls.count('handler:mixin.overridden')).toBe(1);
    });
  });

  describe('a validator that throws goes through the normal exception flow', () => {
    it('a NotFoundException keeps its 404, and the handler does not run', async () => {
      const response = await client().get('/failing/not-found/404');
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ statusCode: 404, message: 'No article 404', error: 'Not Found' });
      expect(response.headers.etag).toBeUndefined();
      expect(calls.count('handler:notFound')).toBe(0);
    });

    it('the 404 wins over a conditional header that would say 304 (RFC 9110 13.2.1)', async () => {
      const response = await client().get('/failing/not-found/404').set('If-None-Match', '*');
      expect(response.status).toBe(404);
    });

    it('a rejected promise does the same', async () => {
      const response = await client().get('/failing/rejects');
      expect(response.status).toBe(404);
      expect(calls.count('handler:rejects')).toBe(0);
    });

    it('any other error is a 500, and the app keeps serving', async () => {
      const response = await client().get('/failing/crashes');
      expect(response.status).toBe(500);
      expect(response.body).toEqual({ statusCode: 500, message: 'Internal server error' });
      expect(calls.count('handler:crashes')).toBe(0);
      await client().get('/articles/1').expect(200);
    });
  });

  describe('a value that cannot be a header is refused, never written', () => {
    it.each(Object.keys(BAD_ETAGS))('an ETag with %s: 500, no ETag header, the handler does not run', async (kind) => {
      const response = await client().get(`/failing/bad-etag/${kind}`);
      expect(response.status).toBe(500);
      expect(response.headers.etag).toBeUndefined();
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(calls.count('handler:badETag')).toBe(0);
    });

    it.each(Object.keys(BAD_DATES))('a Last-Modified that is %s: 500, no header', async (kind) => {
      const response = await client().get(`/failing/bad-date/${kind}`);
      expect(response.status).toBe(500);
      expect(response.headers['last-modified']).toBeUndefined();
      expect(calls.count('handler:badDate')).toBe(0);
    });
  });

  it('async validators are awaited', async () => {
    articles.get('1')!.version = 7;
    const response = await client().get('/mixin/1').set('If-None-Match', '"di-7"');
    expectBodilessNotModified(response);
    expect(response.headers['last-modified']).toBe(ARTICLE_LAST_MODIFIED);
  });

  describe('validatorTimeout bounds a validator that never settles', () => {
    it('500 once the time has passed, the handler does not run, and the app keeps serving', async () => {
      const response = await client().get('/failing/never-settles');
      expect(response.status).toBe(500);
      expect(response.headers.etag).toBeUndefined();
      expect(calls.count('handler:neverSettles')).toBe(0);
      await client().get('/articles/1').expect(200);
    });

    it('a slow validator within its time is awaited', async () => {
      const response = await client().get('/failing/slow-but-in-time').set('If-None-Match', '"slow"');
      expectBodilessNotModified(response);
    });
  });

  describe('@EvaluatedValidators() hands the handler what the guard compared', () => {
    it('the current ETag on a PUT with If-Match', async () => {
      await client().put('/articles/1').set('If-Match', '"v1"').send({ body: 'x' }).expect(200);
      expect(evaluated.last).toEqual({ etag: { weak: false, opaque: 'v1', value: '"v1"' }, lastModified: undefined });
    });

    it('the Last-Modified on a PUT with If-Unmodified-Since', async () => {
      await client()
        .put('/articles/1')
        .set('If-Unmodified-Since', ARTICLE_LAST_MODIFIED)
        .send({ body: 'x' })
        .expect(200);
      expect(evaluated.last).toEqual({ etag: undefined, lastModified: Date.parse(ARTICLE_LAST_MODIFIED) });
    });

    it('undefined on an unconditional PUT: no validator was called', async () => {
      await client().put('/articles/1').send({ body: 'x' }).expect(200);
      expect(evaluated.last).toBeUndefined();
    });
  });
});
