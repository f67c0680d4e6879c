import { isContentCoded, weakenedForContentCoding } from '../../src/core';

/** A compressed response's strong ETag is sent weak, so that it never names the identity bytes too. */

describe('isContentCoded', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['identity', false],
    [' Identity ', false],
    ['identity, ', false],
    [42, false],
    [[], false],
    ['gzip', true],
    ['br', true],
    ['GZIP', true],
    ['identity, gzip', true],
    [['gzip'], true],
    [['identity'], false],
  ])('%j: %s', (field, expected) => {
    expect(isContentCoded(field)).toBe(expected);
  });
});

describe('weakenedForContentCoding', () => {
  it.each([
    // What the response would send, the Content-Encoding, the ETag sent instead (undefined: unchanged).
    ['"v1"', 'gzip', 'W/"v1"'],
    ['"v1"', 'br', 'W/"v1"'],
    ['"a-b_c"', ['deflate'], 'W/"a-b_c"'],
    ['""', 'gzip', 'W/""'],
    ['"v1"', undefined, undefined],
    ['"v1"', 'identity', undefined],
    ['"v1"', '', undefined],
    ['W/"v1"', 'gzip', undefined],
    [undefined, 'gzip', undefined],
    [['"v1"'], 'gzip', undefined],
    // Not one well-formed strong tag: left as the handler wrote it.
    ['v1', 'gzip', undefined],
    ['"v1', 'gzip', undefined],
    ['"a b"', 'gzip', undefined],
  ])('%j with Content-Encoding %j: %j', (etag, encoding, expected) => {
    expect(weakenedForContentCoding(etag, encoding)).toBe(expected);
  });
});
