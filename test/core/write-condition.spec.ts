import {
  type CurrentValidators,
  type EntityTag,
  type WriteCondition,
  evaluatePreconditions,
  requiresExisting,
  writeConditionFor,
} from '../../src/core';

/** What a write must still find, from the request and what the guard compared it with. */

const v7: EntityTag = { weak: false, opaque: 'v7', value: '"v7"' };
const SINCE = Date.UTC(2026, 0, 12, 9, 0, 0);
const SINCE_HEADER = 'Mon, 12 Jan 2026 09:00:00 GMT';
const put = (headers: Record<string, string | string[]>) => ({ method: 'PUT', headers });

describe('writeConditionFor', () => {
  it.each<[string, Record<string, string | string[]>, CurrentValidators | undefined, WriteCondition]>([
    ['nothing compared (no conditional header)', {}, undefined, { kind: 'none' }],
    ['If-Match naming the current tag', { 'if-match': '"v7"' }, { etag: v7 }, { kind: 'match', etag: v7 }],
    [
      'If-Match listing several tags: the one the guard matched',
      { 'if-match': '"v6", "v7"' },
      { etag: v7 },
      { kind: 'match', etag: v7 },
    ],
    ['If-Match as an array of fields', { 'if-match': ['"v6"', '"v7"'] }, { etag: v7 }, { kind: 'match', etag: v7 }],
    ['If-Match: * on an existing resource', { 'if-match': '*' }, { etag: v7, lastModified: SINCE }, { kind: 'exists' }],
    ['If-Match: * known by its Last-Modified only', { 'if-match': ' * ' }, { lastModified: SINCE }, { kind: 'exists' }],
    ['If-None-Match: * on a missing resource', { 'if-none-match': '*' }, {}, { kind: 'absent' }],
    [
      'If-None-Match naming another tag: pinned to the version compared',
      { 'if-none-match': '"v1"' },
      { etag: v7 },
      { kind: 'match', etag: v7 },
    ],
    ['If-None-Match naming a tag of a missing resource', { 'if-none-match': '"v1"' }, {}, { kind: 'absent' }],
    [
      'If-None-Match naming a tag, the resource known by its date only',
      { 'if-none-match': '"v1"' },
      { lastModified: SINCE },
      { kind: 'none' },
    ],
    [
      'If-Match: * with If-None-Match naming a tag: the version compared',
      { 'if-match': '*', 'if-none-match': '"v1"' },
      { etag: v7 },
      { kind: 'match', etag: v7 },
    ],
    [
      'If-Match tags win over If-Unmodified-Since',
      { 'if-match': '"v7"', 'if-unmodified-since': SINCE_HEADER },
      { etag: v7, lastModified: SINCE },
      { kind: 'match', etag: v7 },
    ],
    [
      'If-Unmodified-Since against a known Last-Modified',
      { 'if-unmodified-since': SINCE_HEADER },
      { lastModified: SINCE },
      { kind: 'unmodified-since', since: SINCE, modifiedBefore: SINCE + 1000 },
    ],
    [
      'If-Unmodified-Since without a Last-Modified is ignored',
      { 'if-unmodified-since': SINCE_HEADER },
      { etag: v7 },
      { kind: 'none' },
    ],
    [
      'an invalid If-Unmodified-Since is ignored',
      { 'if-unmodified-since': 'yesterday' },
      { lastModified: SINCE },
      { kind: 'none' },
    ],
    [
      'several If-Unmodified-Since fields are not a date',
      { 'if-unmodified-since': [SINCE_HEADER, SINCE_HEADER] },
      { lastModified: SINCE },
      { kind: 'none' },
    ],
  ])('%s', (_case, headers, checked, expected) => {
    expect(writeConditionFor(put(headers), checked, SINCE)).toEqual(expected);
  });

  it.each(['OPTIONS', 'CONNECT', 'TRACE'])('%s ignores preconditions: none', (method) => {
    expect(writeConditionFor({ method, headers: { 'if-match': '"v7"' } }, { etag: v7 })).toEqual({ kind: 'none' });
  });

  it('is consistent with evaluation: every condition comes from a request that may proceed', () => {
    const request = put({ 'if-match': '"v7"' });
    expect(evaluatePreconditions(request, { etag: v7 })).toBe('proceed');
    expect(writeConditionFor(request, { etag: v7 })).toEqual({ kind: 'match', etag: v7 });
  });

  it('refuses an If-Match naming tags that cannot have passed (no ETag checked), saying why', () => {
    expect(() => writeConditionFor(put({ 'if-match': '"v7"' }), { lastModified: SINCE })).toThrow(
      /If-Match "\\"v7\\"" names entity tags, but the validators checked have no ETag/,
    );
  });

  it('defaults the clock to now', () => {
    expect(writeConditionFor(put({ 'if-unmodified-since': SINCE_HEADER }), { lastModified: SINCE })).toMatchObject({
      kind: 'unmodified-since',
    });
  });
});

describe('requiresExisting', () => {
  it.each<[WriteCondition, boolean]>([
    [{ kind: 'none' }, false],
    [{ kind: 'absent' }, false],
    [{ kind: 'exists' }, true],
    [{ kind: 'match', etag: v7 }, true],
    [{ kind: 'unmodified-since', since: SINCE, modifiedBefore: SINCE + 1000 }, true],
  ])('%j: %s', (condition, expected) => {
    expect(requiresExisting(condition)).toBe(expected);
  });
});
