import {
  type ConditionalRequest,
  type RangeDecision,
  type RangeableResponse,
  decideRange,
  ifRangeHolds,
  toEntityTag,
} from '../../src/core';

/** RFC 9110 13.1.5 (If-Range) and 14 (when Range applies), for an 11-byte representation. */
const NOW = Date.UTC(2026, 5, 15, 12, 0, 0, 400);
/** Last-Modified a day before the response's Date: a strong validator (8.8.2.2). */
const LM = Date.UTC(2026, 5, 14, 12, 0, 0);
const AT_LM = 'Sun, 14 Jun 2026 12:00:00 GMT';
const STRONG = toEntityTag('"v7"');
const WEAK = toEntityTag('W/"v7"');
const RESPONSE: RangeableResponse = { status: 200, length: 11, etag: STRONG, lastModified: LM };

const get = (headers: ConditionalRequest['headers'], method = 'GET'): ConditionalRequest => ({ method, headers });
const FULL: RangeDecision = { kind: 'full' };
const first5: RangeDecision = { kind: 'partial', ranges: [{ start: 0, end: 4 }] };

describe('ifRangeHolds', () => {
  it.each<[string, boolean]>([
    ['"v7"', true],
    [' "v7" ', true],
    ['"v8"', false],
    ['W/"v7"', false],
    ['"v7", "v8"', false],
    ['"v7', false],
    ['v7', false],
    [AT_LM, true],
    ['Sunday, 14-Jun-26 12:00:00 GMT', true],
    ['Sun Jun 14 12:00:00 2026', true],
    ['Sun, 14 Jun 2026 12:00:01 GMT', false],
    ['Sun, 14 Jun 2026 11:59:59 GMT', false],
    ['2026-06-14T12:00:00Z', false],
    ['', false],
  ])('%j against ETag "v7" and Last-Modified %s', (field, holds) => {
    expect(ifRangeHolds(field, { etag: STRONG, lastModified: LM }, NOW)).toBe(holds);
  });

  it('a weak current ETag never holds, nor a missing one', () => {
    expect(ifRangeHolds('"v7"', { etag: WEAK }, NOW)).toBe(false);
    expect(ifRangeHolds('"v7"', { lastModified: LM }, NOW)).toBe(false);
  });

  it('a date holds only when the Last-Modified is at least one second before the Date', () => {
    const justNow = Date.UTC(2026, 5, 15, 12, 0, 0);
    const date = 'Mon, 15 Jun 2026 12:00:00 GMT';
    expect(ifRangeHolds(date, { lastModified: justNow }, NOW)).toBe(false);
    expect(ifRangeHolds(date, { lastModified: justNow }, justNow + 1000)).toBe(true);
    expect(ifRangeHolds(AT_LM, { etag: STRONG }, NOW)).toBe(false);
  });
});

describe('decideRange', () => {
  it.each<[string, ConditionalRequest, RangeableResponse, RangeDecision]>([
    ['no Range', get({}), RESPONSE, FULL],
    ['a Range', get({ range: 'bytes=0-4' }), RESPONSE, first5],
    ['HEAD', get({ range: 'bytes=0-4' }, 'HEAD'), RESPONSE, FULL],
    ['POST', get({ range: 'bytes=0-4' }, 'POST'), RESPONSE, FULL],
    ['PUT', get({ range: 'bytes=0-4' }, 'PUT'), RESPONSE, FULL],
    ['a repeated Range (an array)', get({ range: ['bytes=0-4', 'bytes=5-6'] }), RESPONSE, FULL],
    ['a status other than 200', get({ range: 'bytes=0-4' }), { ...RESPONSE, status: 203 }, FULL],
    ['an unknown length', get({ range: 'bytes=0-4' }), { ...RESPONSE, length: undefined }, FULL],
    ['an empty body', get({ range: 'bytes=0-4' }), { ...RESPONSE, length: 0 }, FULL],
    ['a Content-Encoding', get({ range: 'bytes=0-4' }), { ...RESPONSE, contentEncoding: 'gzip' }, FULL],
    ['Content-Encoding: identity', get({ range: 'bytes=0-4' }), { ...RESPONSE, contentEncoding: ' Identity ' }, first5],
    ['an ignored Range', get({ range: 'items=0-4' }), RESPONSE, FULL],
    ['an unsatisfiable Range', get({ range: 'bytes=11-' }), RESPONSE, { kind: 'unsatisfiable' }],
    ['If-Range equal to the strong ETag', get({ range: 'bytes=0-4', 'if-range': '"v7"' }), RESPONSE, first5],
    ['If-Range another tag', get({ range: 'bytes=0-4', 'if-range': '"v6"' }), RESPONSE, FULL],
    ['If-Range a weak tag', get({ range: 'bytes=0-4', 'if-range': 'W/"v7"' }), RESPONSE, FULL],
    [
      'If-Range with the route ETag weak',
      get({ range: 'bytes=0-4', 'if-range': '"v7"' }),
      { ...RESPONSE, etag: WEAK },
      FULL,
    ],
    ['If-Range equal to Last-Modified', get({ range: 'bytes=0-4', 'if-range': AT_LM }), RESPONSE, first5],
    ['If-Range another date', get({ range: 'bytes=0-4', 'if-range': 'Sun, 14 Jun 2026 12:00:01 GMT' }), RESPONSE, FULL],
    ['If-Range an invalid date', get({ range: 'bytes=0-4', 'if-range': 'yesterday' }), RESPONSE, FULL],
    [
      'If-Range a date, no Last-Modified',
      get({ range: 'bytes=0-4', 'if-range': AT_LM }),
      { ...RESPONSE, lastModified: undefined },
      FULL,
    ],
    ['If-Range repeated (an array)', get({ range: 'bytes=0-4', 'if-range': ['"v7"', '"v7"'] }), RESPONSE, FULL],
    ['If-Range without Range', get({ 'if-range': '"v6"' }), RESPONSE, FULL],
    [
      'If-Range false with an unsatisfiable Range: the whole body, never 416',
      get({ range: 'bytes=11-', 'if-range': '"v6"' }),
      RESPONSE,
      FULL,
    ],
  ])('%s', (_name, request, response, expected) => {
    expect(decideRange(request, response, undefined, NOW)).toEqual(expected);
  });

  it('applies the limits it is given', () => {
    expect(decideRange(get({ range: 'bytes=0-0,2-2' }), RESPONSE, { maxRanges: 1 }, NOW)).toEqual(FULL);
    expect(decideRange(get({ range: 'bytes=0-0,2-2' }), RESPONSE, undefined, NOW)).toEqual({
      kind: 'partial',
      ranges: [
        { start: 0, end: 0 },
        { start: 2, end: 2 },
      ],
    });
  });

  it('reads the clock when no time is given', () => {
    expect(decideRange(get({ range: 'bytes=0-4', 'if-range': AT_LM }), RESPONSE)).toEqual(first5);
  });
});
