import {
  EXPIRED,
  NEVER_CACHE_DIRECTIVES,
  bodyEntityTag,
  evaluateRenderedResponse,
  formatCacheControl,
  restrictiveCacheControl,
  hasCacheDirective,
  isVaryName,
  mergeVary,
  newestModification,
  validatorsCompared,
  mayBeNotModified,
  NEEDS_BOTH,
  NEEDS_ETAG,
  NEEDS_LAST_MODIFIED,
  NEEDS_NOTHING,
  InvalidValidatorValueError,
  fieldValue,
  hashesBody,
} from '../../src/core';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const get = (headers: Record<string, string> = {}) => ({ method: 'GET', headers });
const WEAK_HASH = { hashBody: true, strong: false, evaluate: true };
const STRONG_HASH = { hashBody: true, strong: true, evaluate: true };
const NO_HASH = { hashBody: false, strong: false, evaluate: true };
const HASH_ONLY = { hashBody: true, strong: false, evaluate: false };
const BODY = '{"a":1}';
const TAG = bodyEntityTag(BODY, false).value;

describe('bodyEntityTag', () => {
  it('is the byte length in hex and the SHA-1 of the bytes, base64url; weak or strong', () => {
    expect(bodyEntityTag('abc', false)).toEqual({
      weak: true,
      opaque: '3-qZk-NkcGgWq6PiVxeFDCbJzQ2J0',
      value: 'W/"3-qZk-NkcGgWq6PiVxeFDCbJzQ2J0"',
    });
    expect(bodyEntityTag('abc', true).value).toBe('"3-qZk-NkcGgWq6PiVxeFDCbJzQ2J0"');
  });

  it('hashes a string as its UTF-8 bytes: the same tag as the Buffer', () => {
    expect(bodyEntityTag('é', false)).toEqual(bodyEntityTag(Buffer.from('é'), false));
    expect(bodyEntityTag('é', false).opaque.startsWith('2-')).toBe(true);
  });

  it('falls back to createHash where crypto.hash is missing (Node before 20.12)', () => {
    jest.isolateModules(() => {
      jest.doMock('node:crypto', () => ({ ...jest.requireActual('node:crypto'), hash: undefined }));
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded again inside jest.isolateModules, with node:crypto mocked
      const { bodyEntityTag: fallback } = require('../../src/core/body-entity-tag');
      expect(fallback('abc', false)).toEqual(bodyEntityTag('abc', false));
    });
    jest.dontMock('node:crypto');
  });
});

describe('evaluateRenderedResponse', () => {
  it('hashes a 200 without an ETag and says proceed without a condition', () => {
    expect(evaluateRenderedResponse(get(), { status: 200 }, BODY, WEAK_HASH, NOW)).toEqual({
      outcome: 'proceed',
      etag: TAG,
    });
    // The clock defaults to now.
    expect(evaluateRenderedResponse(get(), { status: 200 }, BODY, WEAK_HASH)).toEqual({
      outcome: 'proceed',
      etag: TAG,
    });
  });

  it('a matching If-None-Match: not-modified, with the derived tag', () => {
    expect(evaluateRenderedResponse(get({ 'if-none-match': TAG }), { status: 200 }, BODY, WEAK_HASH, NOW)).toEqual({
      outcome: 'not-modified',
      etag: TAG,
    });
  });

  it('HEAD is validated as GET', () => {
    const head = { method: 'HEAD', headers: { 'if-none-match': TAG } };
    expect(evaluateRenderedResponse(head, { status: 200 }, BODY, WEAK_HASH, NOW).outcome).toBe('not-modified');
  });

  it('strong: If-Match compares strongly', () => {
    const strong = bodyEntityTag(BODY, true).value;
    expect(evaluateRenderedResponse(get({ 'if-match': strong }), { status: 200 }, BODY, STRONG_HASH, NOW).outcome).toBe(
      'proceed',
    );
    expect(evaluateRenderedResponse(get({ 'if-match': TAG }), { status: 200 }, BODY, WEAK_HASH, NOW).outcome).toBe(
      'precondition-failed',
    );
  });

  it.each([
    ['a PUT', { method: 'PUT', headers: { 'if-none-match': '*' } }, { status: 200 }],
    ['a 404', get({ 'if-none-match': '*' }), { status: 404 }],
    ['a 199', get({ 'if-none-match': '*' }), { status: 199 }],
    ['a 300', get({ 'if-none-match': '*' }), { status: 300 }],
  ])('skips %s: proceed, nothing derived', (_name, request, response) => {
    expect(evaluateRenderedResponse(request, response, BODY, WEAK_HASH, NOW)).toEqual({ outcome: 'proceed' });
  });

  it('Cache-Control: no-store: the body is not hashed, but the response’s own validators are still evaluated', () => {
    const noStore = { status: 200, cacheControl: 'private, No-Store' };
    expect(evaluateRenderedResponse(get({ 'if-none-match': TAG }), noStore, BODY, WEAK_HASH, NOW)).toEqual({
      outcome: 'proceed',
    });
    // The 2xx is a current representation all the same.
    expect(evaluateRenderedResponse(get({ 'if-none-match': '*' }), noStore, BODY, WEAK_HASH, NOW)).toEqual({
      outcome: 'not-modified',
    });
    const withDate = { ...noStore, lastModified: 'Tue, 01 Dec 2026 10:00:00 GMT' };
    const since = get({ 'if-unmodified-since': 'Tue, 01 Dec 2026 09:00:00 GMT' });
    expect(evaluateRenderedResponse(since, withDate, BODY, WEAK_HASH, NOW)).toEqual({ outcome: 'precondition-failed' });
  });

  it('evaluate: false only derives the ETag (the request was decided before the handler)', () => {
    expect(evaluateRenderedResponse(get({ 'if-none-match': TAG }), { status: 200 }, BODY, HASH_ONLY, NOW)).toEqual({
      outcome: 'proceed',
      etag: TAG,
    });
    expect(
      evaluateRenderedResponse(get({ 'if-none-match': '"own"' }), { status: 200, etag: '"own"' }, BODY, HASH_ONLY, NOW),
    ).toEqual({
      outcome: 'proceed',
    });
  });

  it('another Cache-Control does not stop it, nor a no-store inside a quoted argument', () => {
    expect(
      evaluateRenderedResponse(get(), { status: 200, cacheControl: 'max-age=60' }, BODY, WEAK_HASH, NOW).etag,
    ).toBe(TAG);
    const quoted = { status: 200, cacheControl: 'private="x, no-store, y"' };
    expect(evaluateRenderedResponse(get({ 'if-none-match': TAG }), quoted, BODY, WEAK_HASH, NOW)).toEqual({
      outcome: 'not-modified',
      etag: TAG,
    });
  });

  it('keeps the response’s own ETag, unhashed, and compares with it', () => {
    const response = { status: 200, etag: '"own"' };
    expect(evaluateRenderedResponse(get({ 'if-none-match': '"own"' }), response, BODY, WEAK_HASH, NOW)).toEqual({
      outcome: 'not-modified',
    });
  });

  it('a malformed ETag of the response counts as none, and is not replaced', () => {
    const response = { status: 200, etag: 'W/broken' };
    expect(
      evaluateRenderedResponse(get({ 'if-none-match': 'W/broken, "broken"' }), response, BODY, WEAK_HASH, NOW),
    ).toEqual({ outcome: 'proceed' });
    expect(evaluateRenderedResponse(get({ 'if-match': '"broken"' }), response, BODY, WEAK_HASH, NOW)).toEqual({
      outcome: 'precondition-failed',
    });
  });

  // RFC 9110 13.2.1: once the handler has answered 2xx, a current representation exists,
  // whether or not it has a validator (a route whose early validators all returned nothing).
  describe('a 2xx with no validator at all (NO_HASH: what a route whose validators gave nothing asks)', () => {
    const ok = { status: 200 };
    it.each<[string, Record<string, string>, string]>([
      ['a listed If-Match cannot match: 412', { 'if-match': '"v1"' }, 'precondition-failed'],
      ['If-Match: * holds: the 2xx goes out', { 'if-match': '*' }, 'proceed'],
      ['If-None-Match: * is false: 304', { 'if-none-match': '*' }, 'not-modified'],
      ['a listed If-None-Match cannot match: the 2xx goes out', { 'if-none-match': '"v1"' }, 'proceed'],
      [
        'If-Unmodified-Since without a Last-Modified is ignored',
        { 'if-unmodified-since': 'Thu, 01 Jan 2015 00:00:00 GMT' },
        'proceed',
      ],
      [
        'If-Modified-Since without a Last-Modified is ignored',
        { 'if-modified-since': 'Thu, 01 Jan 2099 00:00:00 GMT' },
        'proceed',
      ],
      ['If-Match: * then If-None-Match: *: 304', { 'if-match': '*', 'if-none-match': '*' }, 'not-modified'],
    ])('%s', (_name, headers, outcome) => {
      expect(evaluateRenderedResponse(get(headers), ok, BODY, NO_HASH, NOW)).toEqual({ outcome });
      expect(evaluateRenderedResponse({ method: 'HEAD', headers }, ok, undefined, NO_HASH, NOW)).toEqual({ outcome });
    });

    it('the handler’s own ETag and Last-Modified are evaluated', () => {
      const own = { status: 200, etag: '"v1"', lastModified: 'Tue, 01 Dec 2026 10:00:00 GMT' };
      expect(evaluateRenderedResponse(get({ 'if-none-match': '"v1"' }), own, BODY, NO_HASH, NOW).outcome).toBe(
        'not-modified',
      );
      expect(evaluateRenderedResponse(get({ 'if-match': '"v2"' }), own, BODY, NO_HASH, NOW).outcome).toBe(
        'precondition-failed',
      );
      expect(evaluateRenderedResponse(get({ 'if-match': '"v1"' }), own, BODY, NO_HASH, NOW).outcome).toBe('proceed');
      expect(
        evaluateRenderedResponse(get({ 'if-modified-since': own.lastModified }), own, BODY, NO_HASH, NOW).outcome,
      ).toBe('not-modified');
      expect(
        evaluateRenderedResponse(
          get({ 'if-unmodified-since': 'Tue, 01 Dec 2026 09:00:00 GMT' }),
          own,
          BODY,
          NO_HASH,
          NOW,
        ).outcome,
      ).toBe('precondition-failed');
    });

    it('a non-2xx answer wins: nothing is evaluated', () => {
      for (const status of [304, 404, 500]) {
        expect(evaluateRenderedResponse(get({ 'if-match': '"v1"' }), { status }, BODY, NO_HASH, NOW)).toEqual({
          outcome: 'proceed',
        });
      }
    });
  });

  it('does not hash without hashBody, or without a body in memory', () => {
    expect(evaluateRenderedResponse(get(), { status: 200 }, BODY, NO_HASH, NOW)).toEqual({ outcome: 'proceed' });
    expect(evaluateRenderedResponse(get(), { status: 200 }, undefined, WEAK_HASH, NOW)).toEqual({ outcome: 'proceed' });
  });

  it('reads the response’s Last-Modified for If-Modified-Since; an invalid one counts as none', () => {
    const lastModified = 'Tue, 01 Dec 2026 10:00:00 GMT';
    const since = get({ 'if-modified-since': lastModified });
    expect(evaluateRenderedResponse(since, { status: 200, lastModified }, BODY, NO_HASH, NOW).outcome).toBe(
      'not-modified',
    );
    expect(
      evaluateRenderedResponse(since, { status: 200, lastModified: 'yesterday' }, BODY, NO_HASH, NOW).outcome,
    ).toBe('proceed');
  });
});

describe('hashesBody: whether the evaluation would hash the body, so that a platform encodes it once first', () => {
  it.each([
    ['@ETag() without a validator, a response with no ETag', {}, WEAK_HASH, true],
    ['only the body ETag still to derive', {}, HASH_ONLY, true],
    ['a response that has an ETag', { etag: '"mine"' }, WEAK_HASH, false],
    ['Cache-Control: no-store', { cacheControl: 'private, no-store' }, WEAK_HASH, false],
    ['other cache directives', { cacheControl: 'max-age=60' }, WEAK_HASH, true],
    ['a route that does not hash', {}, NO_HASH, false],
  ])('%s: %s', (_, fields, validation, expected) => {
    const response = { status: 200, ...fields };
    expect(hashesBody(response, validation)).toBe(expected);
    // The same answer as whether evaluateRenderedResponse derives an ETag from the body.
    expect(evaluateRenderedResponse(get(), response, BODY, validation, NOW).etag !== undefined).toBe(expected);
  });

  it('bytes and the string they encode give the same tag', () => {
    const text = 'Résumé ✓ 🚀';
    expect(bodyEntityTag(Buffer.from(text), false)).toEqual(bodyEntityTag(text, false));
    expect(bodyEntityTag(new TextEncoder().encode(text), true)).toEqual(bodyEntityTag(text, true));
  });
});

describe('formatCacheControl', () => {
  it('writes every directive in a fixed order', () => {
    expect(
      formatCacheControl(
        {
          staleIfError: 5,
          immutable: true,
          maxAge: 60,
          public: true,
          noCache: true,
          noStore: true,
          noTransform: true,
          mustRevalidate: true,
          proxyRevalidate: true,
          mustUnderstand: true,
          sMaxAge: 120,
          staleWhileRevalidate: 30,
        },
        'x',
      ),
    ).toBe(
      'public, no-cache, no-store, no-transform, must-revalidate, proxy-revalidate, must-understand, immutable, max-age=60, s-maxage=120, stale-while-revalidate=30, stale-if-error=5',
    );
    expect(formatCacheControl({ private: true, maxAge: 0, public: false }, 'x')).toBe('private, max-age=0');
  });

  it.each([
    [null, 'expected an object of directives'],
    ['max-age=5', 'expected an object of directives'],
    [{ maxAge: 1, public: true, private: true }, 'a response is either public or private, not both'],
    [{ maxage: 5 }, 'unknown directive option maxage'],
    [{ public: 'yes' }, 'public must be a boolean, got string'],
    [{ maxAge: -1 }, 'maxAge must be a whole number of seconds'],
    [{ sMaxAge: 1.5 }, 'sMaxAge must be a whole number of seconds'],
    [{ staleWhileRevalidate: '30' }, 'staleWhileRevalidate must be a whole number'],
    [{ maxAge: 2 ** 31 }, 'maxAge must be a whole number'],
    [{ maxAge: '30' }, 'maxAge must be a whole number of seconds from 0 to 2^31-1, got "30"'],
    [{ 'max\x7fage': 5 }, 'unknown directive option max\\u007fage'],
    [{}, 'give at least one directive'],
    [{ noStore: false }, 'give at least one directive'],
  ])('refuses %j with a TypeError naming the decorator', (options, message) => {
    expect(() => formatCacheControl(options as never, '@CacheControl()')).toThrow(TypeError);
    expect(() => formatCacheControl(options as never, '@CacheControl()')).toThrow(`@CacheControl(): ${message}`);
  });

  it('restrictiveCacheControl keeps only private, no-cache, no-store and no-transform', () => {
    expect(restrictiveCacheControl({ public: true, maxAge: 60, immutable: true })).toBeUndefined();
    expect(
      restrictiveCacheControl({
        private: true,
        noCache: true,
        noStore: true,
        noTransform: true,
        maxAge: 5,
        mustRevalidate: true,
      }),
    ).toBe('private, no-cache, no-store, no-transform');
  });

  it('never_cache and the expired date are what Django sends', () => {
    expect(NEVER_CACHE_DIRECTIVES).toBe('private, no-cache, no-store, must-revalidate, max-age=0');
    expect(EXPIRED).toBe(new Date(0).toUTCString());
  });
});

describe('hasCacheDirective', () => {
  it.each([
    ['no-store', true],
    ['max-age=0, no-store', true],
    [' NO-STORE ', true],
    ['no-store="x"', true],
    ['no-storex', false],
    ['private, max-age=60', false],
    ['', false],
    ['max-age=1,,no-store', true],
    // RFC 9111 5.2: a quoted argument is one value, whatever commas and names it holds.
    ['private="a, no-store"', false],
    ['private="a, no-store, b"', false],
    ['no-cache="Set-Cookie, no-store, X-Other", max-age=60', false],
    ['private="a, no-store=1"', false],
    ['private="a, no-store", no-store', true],
    ['private="a, no-store"garbage, no-store', true],
    ['private = "a, no-store"', false],
    ['private="a\\", no-store"', false],
    ['private="a\\\\", no-store', true],
    ['private="never closed, no-store', false],
    ['private="a\\', false],
    ['max-age=60, NO-STORE', true],
    ['no-store=', true],
    ['private=', false],
    ['private=no-store', false],
    ['"no-store"', false],
  ])('%j holds no-store: %s', (field, expected) => {
    expect(hasCacheDirective(field, 'no-store')).toBe(expected);
  });
});

describe('fieldValue: a response field as it will be sent', () => {
  it.each<[string, unknown, string | undefined]>([
    ['a string, as it is', 'private, no-store', 'private, no-store'],
    ['the empty string', '', ''],
    ['a number, as Node writes it', 60, '60'],
    ['an array: its lines joined with commas (RFC 9110 5.3)', ['private', 'no-store'], 'private, no-store'],
    ['an array of one line', ['Accept'], 'Accept'],
    ['an array holding numbers', ['max-age=1', 2], 'max-age=1, 2'],
    ['an empty array: Node sends no line', [], undefined],
    ['no field', undefined, undefined],
    ['anything else', { private: true }, undefined],
  ])('%s', (_name, value, expected) => {
    expect(fieldValue(value)).toBe(expected);
  });

  it('an array-valued Cache-Control holding no-store stops the body hash, as the joined string does', () => {
    const cacheControl = fieldValue(['private', 'no-store']);
    expect(evaluateRenderedResponse(get(), { status: 200, cacheControl }, BODY, WEAK_HASH, NOW)).toEqual({
      outcome: 'proceed',
    });
  });
});

describe('mergeVary and isVaryName', () => {
  it('adds names once, case-insensitively, keeping the existing order', () => {
    expect(mergeVary(undefined, ['Accept-Language'])).toBe('Accept-Language');
    expect(mergeVary('Origin, accept-encoding', ['Accept-Encoding', 'Authorization', 'authorization'])).toBe(
      'Origin, accept-encoding, Authorization',
    );
    expect(mergeVary(' , Origin ,', ['Origin'])).toBe('Origin');
  });

  it('* absorbs every name, from either side', () => {
    expect(mergeVary('*', ['Origin'])).toBe('*');
    expect(mergeVary('Origin', ['*'])).toBe('*');
  });

  it.each([
    ['Accept-Language', true],
    ['*', true],
    ["X-!#$%&'*+-.^_`|~1", false],
    ["X-!#$%&'+-.^_`|~1", true],
    ['', false],
    ['Accept Language', false],
    ['Accept,Language', false],
    ['Ä', false],
    [5, false],
  ])('%j is a Vary name: %s', (name, expected) => {
    expect(isVaryName(name)).toBe(expected);
  });
});

describe('newestModification', () => {
  const fields = { field: 'updatedAt', listKeys: ['items', 'data'] };

  it('one record: its field, a Date, epoch milliseconds or an ISO 8601 string', () => {
    expect(newestModification({ updatedAt: new Date(1000) }, fields)).toBe(1000);
    expect(newestModification({ updatedAt: 2000 }, fields)).toBe(2000);
    expect(newestModification({ updatedAt: '2026-01-01T00:00:00Z' }, fields)).toBe(Date.UTC(2026, 0, 1));
    expect(newestModification({ updatedAt: '2026-01-01T01:00:00.5+01:00' }, fields)).toBe(
      Date.UTC(2026, 0, 1, 0, 0, 0, 500),
    );
    expect(newestModification({ updatedAt: '2026-01-01' }, fields)).toBe(Date.UTC(2026, 0, 1));
    expect(newestModification({ updatedAt: null }, fields)).toBeUndefined();
  });

  it('an array: the newest, passing over records without the field and what is not a record', () => {
    expect(
      newestModification([{ updatedAt: 3 }, { updatedAt: 9 }, { other: 1 }, null, 'x', { updatedAt: 5 }], fields),
    ).toBe(9);
    expect(newestModification([], fields)).toBeUndefined();
  });

  it('a page object: the records under the first list key that holds an array', () => {
    expect(
      newestModification({ items: 'not a list', data: [{ updatedAt: 4 }, { updatedAt: 7 }], total: 2 }, fields),
    ).toBe(7);
    expect(newestModification({ total: 2 }, fields)).toBeUndefined();
  });

  it('nothing to read: undefined', () => {
    for (const result of [undefined, null, 'text', 42, true])
      expect(newestModification(result, fields)).toBeUndefined();
  });

  it('names what cannot be written as JSON by its type', () => {
    expect(() => newestModification({ updatedAt: () => 1 }, fields)).toThrow('got function');
  });

  it('names a refused value with no control character raw, and refuses what JSON cannot write as it refuses the rest', () => {
    expect(() => newestModification({ updatedAt: 'x\x7f\r\n' }, fields)).toThrow('got "x\\u007f\\r\\n"');
    expect(() => newestModification({ updatedAt: new Date('nope') }, fields)).toThrow('got an Invalid Date');
    expect(() => newestModification({ updatedAt: Number.NaN }, fields)).toThrow('got NaN');
    // A bigint or a cycle made JSON.stringify throw its own TypeError in place of the refusal.
    expect(() => newestModification({ updatedAt: 10n }, fields)).toThrow(InvalidValidatorValueError);
    expect(() => newestModification({ updatedAt: 10n }, fields)).toThrow('got 10');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => newestModification({ updatedAt: cycle }, fields)).toThrow('got object');
  });

  it.each([
    ['yesterday'],
    [new Date('nope')],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [{}],
    ['2026-13-45T00:00:00Z'],
    [true],
  ])('refuses %p with an InvalidValidatorValueError naming the field', (value) => {
    expect(() => newestModification({ updatedAt: value }, fields)).toThrow(InvalidValidatorValueError);
    expect(() => newestModification([{ updatedAt: value }], fields)).toThrow(
      /the updatedAt field of the returned value/,
    );
  });
});

describe('validatorsCompared', () => {
  const date = 'Tue, 01 Dec 2026 10:00:00 GMT';
  it.each([
    ['GET', {}, NEEDS_NOTHING],
    ['GET', { 'if-none-match': '"a"' }, NEEDS_ETAG],
    ['GET', { 'if-none-match': '*' }, NEEDS_BOTH],
    ['GET', { 'if-modified-since': date }, NEEDS_LAST_MODIFIED],
    ['GET', { 'if-modified-since': 'garbage' }, NEEDS_NOTHING],
    ['GET', { 'if-none-match': '"a"', 'if-modified-since': date }, NEEDS_ETAG],
    ['HEAD', { 'if-unmodified-since': date }, NEEDS_LAST_MODIFIED],
    ['GET', { 'if-match': '"a"', 'if-unmodified-since': date }, NEEDS_ETAG],
    ['GET', { 'if-match': '*' }, NEEDS_BOTH],
    ['PUT', { 'if-modified-since': date }, NEEDS_NOTHING],
    ['PUT', { 'if-match': '"a"' }, NEEDS_ETAG],
    ['OPTIONS', { 'if-match': '"a"' }, NEEDS_NOTHING],
  ])('%s %j compares %i', (method, headers, expected) => {
    expect(validatorsCompared({ method, headers }, NOW)).toBe(expected);
    expect(validatorsCompared({ method, headers })).toBe(expected);
  });
});

describe('mayBeNotModified', () => {
  it.each([
    ['GET', { 'if-none-match': '"a"' }, true],
    ['HEAD', { 'if-modified-since': 'Tue, 01 Dec 2026 10:00:00 GMT' }, true],
    ['GET', { 'if-modified-since': 'not a date' }, false],
    ['GET', { 'if-unmodified-since': 'Tue, 01 Dec 2026 10:00:00 GMT' }, false],
    ['GET', {}, false],
    ['PUT', { 'if-none-match': '*' }, false],
  ])('%s %j: %s', (method, headers, expected) => {
    expect(mayBeNotModified({ method, headers }, NOW)).toBe(expected);
    expect(mayBeNotModified({ method, headers })).toBe(expected);
  });
});
