import { bodyEntityTag } from '../../src';
import { calls } from './fixtures/call-log';
import { EARLY_LAST_MODIFIED, NEWEST_RECORD, REPORT, RenderedAppModule, UNICODE_TITLE } from './fixtures/rendered.app';
import { expectBodilessNotModified } from './support/expectations';
import request from 'supertest';
import { PLATFORMS, startApp, useApp } from './support/platforms';

const REPORT_JSON = JSON.stringify(REPORT);
const WEAK = bodyEntityTag(REPORT_JSON, false).value;
const STRONG = bodyEntityTag(REPORT_JSON, true).value;
const EARLY_DATE = EARLY_LAST_MODIFIED.toUTCString();

describe.each(PLATFORMS)('validators from the rendered response on $platform', (platform) => {
  const client = useApp(platform, RenderedAppModule);
  beforeEach(() => calls.reset());

  describe('@ETag(): the ETag of the bytes sent', () => {
    it('a 200 carries a weak ETag of its exact body', async () => {
      const response = await client().get('/reports/weak');
      expect(response.status).toBe(200);
      expect(response.text).toBe(REPORT_JSON);
      expect(response.headers.etag).toBe(WEAK);
      expect(response.headers.etag).toMatch(/^W\/"[0-9a-f]+-[A-Za-z0-9_-]{27}"$/);
      expect(calls.count('handler:weak')).toBe(1);
    });

    it('a matching If-None-Match: bodiless 304 with the ETag, after the handler ran', async () => {
      const response = await client().get('/reports/weak').set('If-None-Match', WEAK);
      expectBodilessNotModified(response);
      expect(response.headers.etag).toBe(WEAK);
      expect(calls.count('handler:weak')).toBe(1);
    });

    it('HEAD: the ETag of the body GET would send, and a 304 for it', async () => {
      const head = await client().head('/reports/weak');
      expect(head.status).toBe(200);
      expect(head.headers.etag).toBe(WEAK);
      expectBodilessNotModified(await client().head('/reports/weak').set('If-None-Match', WEAK));
    });

    it('weak comparison: the strong form of the tag also matches, a different tag does not', async () => {
      expectBodilessNotModified(
        await client()
          .get('/reports/weak')
          .set('If-None-Match', `"nope", ${WEAK.slice(2)}`),
      );
      const other = await client().get('/reports/weak').set('If-None-Match', 'W/"other"');
      expect(other.status).toBe(200);
      expect(other.text).toBe(REPORT_JSON);
    });

    it('{ strong: true }: a strong ETag, and If-Match compares it strongly (412 on a mismatch, after the handler)', async () => {
      const response = await client().get('/reports/strong');
      expect(response.status).toBe(200);
      expect(response.headers.etag).toBe(STRONG);
      expect((await client().get('/reports/strong').set('If-Match', STRONG)).status).toBe(200);
      const failed = await client().get('/reports/strong').set('If-Match', '"stale"');
      expect(failed.status).toBe(412);
      expect(failed.body).toEqual({ message: 'Precondition Failed', statusCode: 412 });
      expect(failed.headers.etag).toBeUndefined();
      expectBodilessNotModified(await client().get('/reports/strong').set('If-None-Match', STRONG));
    });

    it('a text body is hashed as the bytes sent', async () => {
      const response = await client().get('/reports/text');
      expect(response.text).toBe('plain text');
      expect(response.headers.etag).toBe(bodyEntityTag('plain text', false).value);
      expectBodilessNotModified(await client().get('/reports/text').set('If-None-Match', response.headers.etag));
    });

    it('any 2xx is validated (203)', async () => {
      const response = await client().get('/reports/created');
      expect(response.status).toBe(203);
      expect(response.headers.etag).toBe(WEAK);
    });

    it('an error is not validated: a 404 carries no ETag, and If-None-Match: * does not turn it into a 304', async () => {
      const response = await client().get('/reports/missing').set('If-None-Match', '*');
      expect(response.status).toBe(404);
      expect(response.body.message).toBe('no such report');
      expect(response.headers.etag).toBeUndefined();
    });

    it('Cache-Control: no-store: no ETag is computed and If-None-Match is not answered', async () => {
      const response = await client().get('/reports/no-store').set('If-None-Match', WEAK);
      expect(response.status).toBe(200);
      expect(response.text).toBe(REPORT_JSON);
      expect(response.headers.etag).toBeUndefined();
      expect(response.headers['cache-control']).toBe('no-store');
    });

    it('a streamed body (StreamableFile) is not hashed', async () => {
      const response = await client().get('/reports/stream').set('If-None-Match', 'W/"anything"');
      expect(response.status).toBe(200);
      expect(Buffer.from(response.body ?? response.text).toString()).toBe('streamed bytes');
      expect(response.headers.etag).toBeUndefined();
      expect(calls.count('handler:stream')).toBe(1);
    });

    it('If-None-Match: * on a stream: Fastify evaluates it (304), Express pipes it past res.send (200; see Limits)', async () => {
      const response = await client().get('/reports/stream').set('If-None-Match', '*');
      if (platform.platform === 'fastify') {
        expectBodilessNotModified(response);
      } else {
        expect(response.status).toBe(200);
        expect(Buffer.from(response.body ?? response.text).toString()).toBe('streamed bytes');
      }
      expect(calls.count('handler:stream')).toBe(1);
    });

    it('no-store, no ETag: the 2xx is a representation all the same, so If-None-Match: * is a 304 and a listed If-Match a 412', async () => {
      expectBodilessNotModified(await client().get('/reports/no-store').set('If-None-Match', '*'));
      const failed = await client().get('/reports/no-store').set('If-Match', WEAK);
      expect(failed.status).toBe(412);
      expect(failed.body).toEqual({ message: 'Precondition Failed', statusCode: 412 });
      expect(calls.count('handler:no-store')).toBe(2);
    });

    it('a response that carries its own ETag keeps it, and is validated with it', async () => {
      const response = await client().get('/reports/own-etag');
      expect(response.headers.etag).toBe('"mine"');
      expectBodilessNotModified(await client().get('/reports/own-etag').set('If-None-Match', '"mine"'));
      expect(calls.count('handler:own-etag')).toBe(2);
    });
  });

  describe('@ETag(): the body encoded once, and those bytes hashed and sent', () => {
    /** The response's bytes as they came, undecoded. */
    const bytesOf = (path: string, headers: Record<string, string> = {}) =>
      client()
        .get(path)
        .set(headers)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });

    it.each([
      ['JSON', '/reports/unicode', JSON.stringify({ title: UNICODE_TITLE })],
      ['a string', '/reports/unicode-text', UNICODE_TITLE],
      ['a string with a charset of its own', '/reports/latin1-text', UNICODE_TITLE],
      ['a string typed with UTF-8 in capitals', '/reports/upper-utf8-text', UNICODE_TITLE],
      ['JSON typed with no space before its charset', '/reports/tight-json', JSON.stringify({ title: UNICODE_TITLE })],
    ])('%s with multi-byte characters: the ETag and Content-Length of its UTF-8 bytes', async (_, path, text) => {
      const response = await bytesOf(path);
      const bytes = Buffer.from(text);
      expect(response.status).toBe(200);
      expect(Buffer.compare(response.body, bytes)).toBe(0);
      expect(response.headers['content-length']).toBe(String(bytes.length));
      expect(response.headers.etag).toBe(bodyEntityTag(bytes, false).value);
      expect(response.headers.etag).toBe(bodyEntityTag(text, false).value);
      expectBodilessNotModified(await bytesOf(path, { 'If-None-Match': response.headers.etag }));
    });

    it.each([
      ['/reports/unicode-text', '/reports/plain-unicode-text'],
      ['/reports/latin1-text', '/reports/plain-latin1-text'],
      ['/reports/upper-utf8-text', '/reports/plain-upper-utf8-text'],
      ['/reports/tight-json', '/reports/plain-tight-json'],
    ])('%s: the Content-Type the platform gives the same string without the library', async (path, plain) => {
      const [decorated, undecorated] = [await bytesOf(path), await bytesOf(plain)];
      expect(decorated.headers['content-type']).toBe(undecorated.headers['content-type']);
      expect(decorated.headers['content-length']).toBe(undecorated.headers['content-length']);
      expect(Buffer.compare(decorated.body, undecorated.body)).toBe(0);
    });

    it.each(['/reports/unicode', '/reports/unicode-text', '/reports/latin1-text'])(
      'HEAD %s: the ETag, Content-Type and Content-Length of the GET, and a 304 for that ETag',
      async (path) => {
        const [get, head] = [await bytesOf(path), await client().head(path)];
        expect(head.status).toBe(200);
        expect(head.headers.etag).toBe(get.headers.etag);
        expect(head.headers['content-type']).toBe(get.headers['content-type']);
        expect(head.headers['content-length']).toBe(get.headers['content-length']);
        expectBodilessNotModified(await client().head(path).set('If-None-Match', get.headers.etag));
      },
    );
  });

  describe('early and late validators on one route', () => {
    it('If-Modified-Since alone still waits for the body, so that the 304 carries the ETag its 200 would (RFC 9110 15.4.5)', async () => {
      const response = await client().get('/reports/mixed').set('If-Modified-Since', EARLY_DATE);
      expectBodilessNotModified(response);
      expect(response.headers.etag).toBe(WEAK);
      expect(response.headers['last-modified']).toBe(EARLY_DATE);
      expect(calls.count('handler:mixed')).toBe(1);
      expect(calls.count('validator:mixed')).toBe(1);
    });

    it('an early If-Unmodified-Since failure needs no ETag: 412 before the handler', async () => {
      const response = await client().get('/reports/mixed').set('If-Unmodified-Since', 'Thu, 01 Jan 2015 00:00:00 GMT');
      expect(response.status).toBe(412);
      expect(calls.count('handler:mixed')).toBe(0);
    });

    it('no-store turns off the body ETag, not the evaluation: a failing If-Match is a 412 after the handler', async () => {
      const response = await client().get('/reports/mixed-no-store').set('If-Match', '"nope"');
      expect(response.status).toBe(412);
      expect(response.headers.etag).toBeUndefined();
      expect(calls.count('handler:mixed-no-store')).toBe(1);
      const fresh = await client().get('/reports/mixed-no-store').set('If-Modified-Since', EARLY_DATE);
      expectBodilessNotModified(fresh);
      expect(fresh.headers.etag).toBeUndefined();
    });

    it('If-None-Match needs the late ETag: the handler runs, then 304 with both validators', async () => {
      const response = await client()
        .get('/reports/mixed')
        .set('If-None-Match', WEAK)
        .set('If-Modified-Since', 'Thu, 01 Jan 2015 00:00:00 GMT');
      expectBodilessNotModified(response);
      expect(response.headers.etag).toBe(WEAK);
      expect(response.headers['last-modified']).toBe(EARLY_DATE);
      expect(calls.count('handler:mixed')).toBe(1);
    });

    it('a 200 carries the early Last-Modified and the late ETag', async () => {
      const response = await client().get('/reports/mixed');
      expect(response.status).toBe(200);
      expect(response.headers.etag).toBe(WEAK);
      expect(response.headers['last-modified']).toBe(EARLY_DATE);
    });
  });

  describe('@ETag() on a controller', () => {
    it('applies to its GET routes', async () => {
      const response = await client().get('/catalog');
      expect(response.headers.etag).toBe(WEAK);
      expectBodilessNotModified(await client().get('/catalog').set('If-None-Match', WEAK));
    });

    it('a method-level early ETag overrides it: answered before the handler, nothing hashed', async () => {
      const response = await client().get('/catalog/early').set('If-None-Match', '"early"');
      expectBodilessNotModified(response);
      expect(response.headers.etag).toBe('"early"');
      expect(calls.count('handler:catalog-early')).toBe(0);
    });

    it('a PUT route of the class gets no ETag, and If-Match is not evaluated against a body', async () => {
      const response = await client().put('/catalog').set('If-Match', '"whatever"');
      expect(response.status).toBe(200);
      expect(response.headers.etag).toBeUndefined();
      expect(calls.count('handler:catalog-put')).toBe(1);
    });
  });

  describe('@LastModified() on a controller', () => {
    it('applies to its GET routes, HEAD included', async () => {
      const response = await client().get('/stamped');
      expect(response.headers['last-modified']).toBe(NEWEST_RECORD);
      expectBodilessNotModified(await client().head('/stamped').set('If-Modified-Since', NEWEST_RECORD));
      const head = await client().head('/stamped');
      expect(head.status).toBe(200);
      expect(head.headers['last-modified']).toBe(NEWEST_RECORD);
    });

    it('a method-level early validator overrides it: 304 before the handler', async () => {
      const response = await client().get('/stamped/fixed').set('If-Modified-Since', EARLY_DATE);
      expectBodilessNotModified(response);
      expect(response.headers['last-modified']).toBe(EARLY_DATE);
      expect(calls.count('handler:stamped-fixed')).toBe(0);
    });

    it('an @All() route: GET is described, a POST to it is not', async () => {
      expect((await client().get('/stamped/any')).headers['last-modified']).toBe(NEWEST_RECORD);
      const post = await client().post('/stamped/any').set('If-Modified-Since', NEWEST_RECORD);
      expect(post.status).toBe(200);
      expect(post.headers['last-modified']).toBeUndefined();
      expect(calls.count('handler:stamped-any')).toBe(2);
    });
  });

  describe('@LastModified(): the newest timestamp of the result', () => {
    it('one record: its updatedAt (a Date), in whole seconds', async () => {
      const response = await client().get('/records/one');
      expect(response.status).toBe(200);
      expect(response.headers['last-modified']).toBe(NEWEST_RECORD);
      expect(response.body.id).toBe(1);
    });

    it.each(['list', 'page'])('%s: the newest of the records (ISO strings)', async (route) => {
      const response = await client().get(`/records/${route}`);
      expect(response.status).toBe(200);
      expect(response.headers['last-modified']).toBe(NEWEST_RECORD);
    });

    it('If-Modified-Since at or after it: bodiless 304 after the handler ran; before it: 200', async () => {
      const response = await client().get('/records/list').set('If-Modified-Since', NEWEST_RECORD);
      expectBodilessNotModified(response);
      expect(response.headers['last-modified']).toBe(NEWEST_RECORD);
      expect(calls.count('handler:list')).toBe(1);
      const older = await client().get('/records/page').set('If-Modified-Since', 'Fri, 01 May 2026 10:00:29 GMT');
      expect(older.status).toBe(200);
      expect(older.body.total).toBe(3);
    });

    it('{ field }: another timestamp field', async () => {
      const response = await client().get('/records/modified');
      expect(response.headers['last-modified']).toBe(NEWEST_RECORD);
    });

    it('no timestamp in the result: no Last-Modified, and If-Modified-Since is ignored', async () => {
      const response = await client().get('/records/empty').set('If-Modified-Since', NEWEST_RECORD);
      expect(response.status).toBe(200);
      expect(response.body).toEqual([]);
      expect(response.headers['last-modified']).toBeUndefined();
    });

    it('a field that is not a timestamp: a 500 naming the route, no Last-Modified written', async () => {
      const response = await client().get('/records/bad');
      expect(response.status).toBe(500);
      expect(response.headers['last-modified']).toBeUndefined();
      expect(calls.count('handler:bad')).toBe(1);
      // The app keeps serving.
      expect((await client().get('/records/one')).status).toBe(200);
    });

    it('with @ETag(): If-None-Match decides and If-Modified-Since is ignored (RFC 9110 13.2.2)', async () => {
      const first = await client().get('/records/both/7');
      expect(first.status).toBe(200);
      const etag = first.headers.etag;
      expect(etag).toBe(bodyEntityTag(JSON.stringify(first.body), false).value);
      expect(first.headers['last-modified']).toBe('Sun, 01 Mar 2026 10:00:00 GMT');
      expectBodilessNotModified(await client().get('/records/both/7').set('If-None-Match', etag));
      const changed = await client()
        .get('/records/both/7')
        .set('If-None-Match', '"old"')
        .set('If-Modified-Since', 'Sun, 01 Mar 2026 10:00:00 GMT');
      expect(changed.status).toBe(200);
      expect(changed.body.id).toBe('7');
    });
  });
});

describe('the ETag of a body depends on the bytes alone', () => {
  it('the same JSON gets the same ETag from separate app instances, on Express and on Fastify', async () => {
    const apps = await Promise.all(
      [...PLATFORMS, ...PLATFORMS].map((platform) => startApp(platform, RenderedAppModule)),
    );
    try {
      const tags = await Promise.all(
        apps.map(async (app) => (await request(app.url).get('/reports/weak')).headers.etag),
      );
      expect(new Set(tags)).toEqual(new Set([WEAK]));
    } finally {
      await Promise.all(apps.map((app) => app.close()));
    }
  });
});
