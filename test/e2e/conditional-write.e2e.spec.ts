import { calls } from './fixtures/call-log';
import { ARTICLE_LAST_MODIFIED, ArticlesAppModule, articles, resetArticles } from './fixtures/articles.app';
import { PLATFORMS, useApp } from './support/platforms';

const ONE_SECOND_EARLIER = 'Wed, 01 May 2024 10:20:29 GMT';

describe.each(PLATFORMS)('preconditions on state-changing requests on $platform', (platform) => {
  const client = useApp(platform, ArticlesAppModule);
  beforeEach(resetArticles);

  describe('If-Match (strong comparison): lost-update protection', () => {
    it('the current tag: the handler runs, and the response carries no validator of its own', async () => {
      const response = await client().put('/articles/1').set('If-Match', '"v1"').send({ body: 'second' });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ id: '1', version: 2 });
      expect(response.headers.etag).toBeUndefined();
      expect(response.headers['last-modified']).toBeUndefined();
      expect(calls.count('handler:replace')).toBe(1);
      expect(articles.get('1')!.body).toBe('second');
    });

    it.each([
      ['a stale tag', '"v0"'],
      ['the weak form of the current tag (never matches strongly)', 'W/"v1"'],
      ['an entirely malformed value', 'v1'],
      ['an empty value', ''],
    ])('%s: 412, the handler does not run, nothing changes', async (_case, ifMatch) => {
      const response = await client().put('/articles/1').set('If-Match', ifMatch).send({ body: 'lost' });
      expect(response.status).toBe(412);
      expect(response.body).toEqual({ statusCode: 412, message: 'Precondition Failed' });
      expect(response.headers.etag).toBeUndefined();
      expect(calls.count('handler:replace')).toBe(0);
      expect(articles.get('1')).toMatchObject({ version: 1, body: 'first' });
    });

    it('a list holding the current tag among malformed members passes', async () => {
      const response = await client().patch('/articles/1').set('If-Match', 'junk, "v1"').send({ body: 'x' });
      expect(response.status).toBe(200);
      expect(calls.count('handler:amend')).toBe(1);
    });

    it('* passes when the resource exists and fails when it does not', async () => {
      const exists = await client().delete('/articles/1').set('If-Match', '*');
      expect(exists.status).toBe(200);
      const gone = await client().delete('/articles/1').set('If-Match', '*');
      expect(gone.status).toBe(412);
      expect(calls.count('handler:remove')).toBe(1);
    });

    it('on a GET whose validators find nothing: the handler’s answer decides (RFC 9110 13.2.1)', async () => {
      // This handler answers 200 for an unknown id: a representation with no ETag, which no tag matches.
      const answered = await client().get('/articles/404').set('If-Match', '"v1"');
      expect(answered.status).toBe(412);
      expect(answered.body).toEqual({ message: 'Precondition Failed', statusCode: 412 });
      expect(calls.count('handler:findOne')).toBe(1);
      // This one throws its 404, which wins over the precondition.
      const missing = await client().get('/variants/handler-throws/404').set('If-Match', '"v1"');
      expect(missing.status).toBe(404);
      expect(calls.count('handler:handlerThrows')).toBe(1);
    });

    it('a 412 on GET too, before any 304', async () => {
      const response = await client().get('/articles/1').set('If-Match', '"v0"').set('If-None-Match', '"v1"');
      expect(response.status).toBe(412);
      expect(calls.count('handler:findOne')).toBe(0);
    });

    it('on POST as on PUT', async () => {
      const response = await client().post('/articles/1').set('If-Match', '"v9"');
      expect(response.status).toBe(412);
      expect(calls.count('handler:comment')).toBe(0);
    });
  });

  describe('If-Unmodified-Since', () => {
    it('modified since: 412 and nothing changes', async () => {
      const response = await client()
        .put('/articles/1')
        .set('If-Unmodified-Since', ONE_SECOND_EARLIER)
        .send({ body: 'x' });
      expect(response.status).toBe(412);
      expect(calls.count('handler:replace')).toBe(0);
      expect(articles.get('1')!.version).toBe(1);
    });

    it('unmodified since the same second: the handler runs', async () => {
      const response = await client()
        .put('/articles/1')
        .set('If-Unmodified-Since', ARTICLE_LAST_MODIFIED)
        .send({ body: 'x' });
      expect(response.status).toBe(200);
      expect(calls.count('handler:replace')).toBe(1);
    });

    it('is ignored when If-Match is present', async () => {
      const response = await client()
        .put('/articles/1')
        .set('If-Match', '"v1"')
        .set('If-Unmodified-Since', ONE_SECOND_EARLIER)
        .send({ body: 'x' });
      expect(response.status).toBe(200);
      expect(calls.count('handler:replace')).toBe(1);
    });

    it('is ignored when it is not a valid HTTP-date', async () => {
      const response = await client().put('/articles/1').set('If-Unmodified-Since', '2020-01-01').send({ body: 'x' });
      expect(response.status).toBe(200);
      expect(calls.count('handler:replace')).toBe(1);
    });

    it('is ignored on a route with no Last-Modified', async () => {
      const response = await client().put('/variants/stacked/1').set('If-Unmodified-Since', ONE_SECOND_EARLIER);
      expect(response.status).toBe(412);
      const etagOnly = await client().get('/variants/etag-only/1').set('If-Unmodified-Since', ONE_SECOND_EARLIER);
      expect(etagOnly.status).toBe(200);
      expect(calls.count('handler:etagOnly')).toBe(1);
    });
  });

  describe('If-None-Match on other methods: 412, never 304', () => {
    it('If-None-Match: * creates only when nothing exists (create-only PUT)', async () => {
      const created = await client().put('/articles/2').set('If-None-Match', '*').send({ body: 'new' });
      expect(created.status).toBe(200);
      expect(articles.get('2')!.body).toBe('new');
      const again = await client().put('/articles/2').set('If-None-Match', '*').send({ body: 'overwrite' });
      expect(again.status).toBe(412);
      expect(articles.get('2')!.body).toBe('new');
      expect(calls.count('handler:replace')).toBe(1);
    });

    it('a matching tag on DELETE: 412', async () => {
      const response = await client().delete('/articles/1').set('If-None-Match', 'W/"v1"');
      expect(response.status).toBe(412);
      expect(calls.count('handler:remove')).toBe(0);
      expect(articles.has('1')).toBe(true);
    });

    it('a matching tag after an unbalanced quote and a tag holding a comma: 412, nothing overwritten', async () => {
      const response = await client()
        .put('/articles/1')
        .set('If-None-Match', '""" , "x,y" , "v1"')
        .send({ body: 'overwrite' });
      expect(response.status).toBe(412);
      expect(response.body).toEqual({ statusCode: 412, message: 'Precondition Failed' });
      expect(calls.count('handler:replace')).toBe(0);
      expect(articles.get('1')).toMatchObject({ version: 1, body: 'first' });
    });

    it('the same list without the current tag lets the write run', async () => {
      const response = await client()
        .put('/articles/1')
        .set('If-None-Match', '""" , "x,y" , "v0"')
        .send({ body: 'second' });
      expect(response.status).toBe(200);
      expect(calls.count('handler:replace')).toBe(1);
      expect(articles.get('1')!.body).toBe('second');
    });

    it('If-Modified-Since is ignored on PUT', async () => {
      const response = await client()
        .put('/articles/1')
        .set('If-Modified-Since', 'Sun, 01 Jan 2090 00:00:00 GMT')
        .send({ body: 'x' });
      expect(response.status).toBe(200);
    });
  });

  describe('validators are computed only when the request needs them', () => {
    it('an unconditional PUT calls no validator', async () => {
      await client().put('/articles/1').send({ body: 'x' }).expect(200);
      expect(calls.count('validator:etag')).toBe(0);
      expect(calls.count('validator:lastModified')).toBe(0);
    });

    it('If-Match with a tag calls the ETag validator only', async () => {
      await client().put('/articles/1').set('If-Match', '"v1"').send({ body: 'x' }).expect(200);
      expect(calls.count('validator:etag')).toBe(1);
      expect(calls.count('validator:lastModified')).toBe(0);
    });

    it('If-Unmodified-Since calls the Last-Modified validator only', async () => {
      await client()
        .put('/articles/1')
        .set('If-Unmodified-Since', ARTICLE_LAST_MODIFIED)
        .send({ body: 'x' })
        .expect(200);
      expect(calls.count('validator:etag')).toBe(0);
      expect(calls.count('validator:lastModified')).toBe(1);
    });

    it('a GET calls each validator once', async () => {
      await client().get('/articles/1').expect(200);
      expect(calls.count('validator:etag')).toBe(1);
      expect(calls.count('validator:lastModified')).toBe(1);
    });
  });

  describe('OPTIONS ignores conditional headers', () => {
    it('runs the handler and calls no validator', async () => {
      const response = await client().options('/articles/1').set('If-Match', '"nope"').set('If-None-Match', '*');
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ methods: ['GET', 'PUT', 'PATCH', 'DELETE'] });
      expect(calls.count('handler:describe')).toBe(1);
      expect(calls.count('validator:etag')).toBe(0);
    });
  });

  describe('428 Precondition Required (opt-in)', () => {
    it('a PUT without a precondition: 428 with a body that says what to send, no validator, no handler', async () => {
      const response = await client().put('/strict/1');
      expect(response.status).toBe(428);
      expect(response.body).toEqual({
        statusCode: 428,
        error: 'Precondition Required',
        message: expect.stringContaining('If-Match'),
      });
      expect(calls.count('validator:etag')).toBe(0);
      expect(calls.count('handler:strict.replace')).toBe(0);
    });

    it('a DELETE without a precondition: 428 (option given to @ETag)', async () => {
      const response = await client().delete('/strict/1');
      expect(response.status).toBe(428);
      expect(articles.has('1')).toBe(true);
    });

    it.each([
      ['If-Match', '"v1"', 200],
      ['If-Match', '"v0"', 412],
      ['If-None-Match', '*', 412],
    ])('with %s: %s the precondition is evaluated (%s)', async (header, value, status) => {
      const response = await client().put('/strict/1').set(header, value);
      expect(response.status).toBe(status);
      expect(calls.count('handler:strict.replace')).toBe(status === 200 ? 1 : 0);
    });

    it('If-Unmodified-Since does not count on a route with no Last-Modified: evaluation would ignore it', async () => {
      const response = await client().put('/strict/1').set('If-Unmodified-Since', ONE_SECOND_EARLIER);
      expect(response.status).toBe(428);
      expect(calls.count('validator:etag')).toBe(0);
      expect(calls.count('handler:strict.replace')).toBe(0);
      expect(articles.get('1')!.version).toBe(1);
    });

    it('If-Match: * does not count: it overwrites whatever is there', async () => {
      const response = await client().put('/strict/1').set('If-Match', '*');
      expect(response.status).toBe(428);
      expect(calls.count('handler:strict.replace')).toBe(0);
    });

    it('If-None-Match with a tag does not count: it could never protect the write', async () => {
      const response = await client().put('/strict/1').set('If-None-Match', '"never"');
      expect(response.status).toBe(428);
    });

    it('a route without the option is not affected', async () => {
      const response = await client().put('/articles/1').send({ body: 'x' });
      expect(response.status).toBe(200);
    });
  });
});
