import { NotAVersionTagError, combineEntityTags, toEntityTag, versionOf, versionTag } from '../../src/core';

/** Integer versions as entity tags, and back: no handler parses "v7" by hand. */

describe('versionTag', () => {
  it.each([
    [0, '"v0"'],
    [7, '"v7"'],
    [Number.MAX_SAFE_INTEGER, `"v${Number.MAX_SAFE_INTEGER}"`],
  ])('%d is %s', (version, tag) => {
    expect(versionTag(version)).toBe(tag);
    expect(versionOf(tag)).toBe(version);
  });

  it('takes another prefix', () => {
    expect(versionTag(3, 'rev-')).toBe('"rev-3"');
    expect(versionOf('"rev-3"', 'rev-')).toBe(3);
  });

  it.each([-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1, Infinity])('refuses %p', (version) => {
    expect(() => versionTag(version)).toThrow(RangeError);
    expect(() => versionTag(version)).toThrow(`a version must be a non-negative safe integer, got ${String(version)}`);
  });
});

describe('versionOf', () => {
  it.each([
    ['a parsed strong tag', toEntityTag('"v42"'), 42],
    ['a parsed weak tag', toEntityTag('W/"v42"'), 42],
    ['a quoted field value', '"v42"', 42],
    ['a weak field value', 'W/"v42"', 42],
    ['a bare opaque tag', 'v42', 42],
    ['a version tag combined with a representation version', combineEntityTags([toEntityTag('"v42"')], '2.0.1')!, 42],
    [
      'a version tag leading other elements (weak)',
      combineEntityTags([toEntityTag('"v42"'), toEntityTag('W/"alice"')])!.value,
      42,
    ],
  ])('%s', (_case, tag, version) => {
    expect(versionOf(tag)).toBe(version);
  });

  it.each([
    ['no prefix', '"42"'],
    ['another prefix', '"r42"'],
    ['no digits', '"v"'],
    ['a leading zero', '"v07"'],
    ['a sign', '"v-1"'],
    ['a fraction', '"v1.5"'],
    ['trailing text', '"v7x"'],
    ['more than a safe integer', '"v99999999999999999"'],
    ['a lone quote', '"'],
    ['a version and a suffix too short for a digest', '"v7.abc"'],
    ['a version and a suffix of the digest length that is not base64url', '"v7.!!!!!!!!!!!!!!!!"'],
    ['no version before a digest', '"v.AAAAAAAAAAAAAAAA"'],
  ])('refuses %s, naming the tag', (_case, tag) => {
    expect(() => versionOf(tag)).toThrow(NotAVersionTagError);
    expect(() => versionOf(tag)).toThrow(
      `the entity tag ${JSON.stringify(tag)} carries no version: expected "v" and an integer, as versionTag(n) writes it`,
    );
  });

  it('names the prefix it expected, and is an Error named NotAVersionTagError', () => {
    let caught: unknown;
    try {
      versionOf(toEntityTag('"v7"'), 'rev-');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).name).toBe('NotAVersionTagError');
    expect((caught as Error).message).toBe(
      'the entity tag "\\"v7\\"" carries no version: expected "rev-" and an integer, as versionTag(n, "rev-") writes it',
    );
  });
});
