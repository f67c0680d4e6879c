import { ELEMENTS_DIGEST_LENGTH, combineEntityTags, newestModificationTime, toEntityTag } from '../../src/core';

/** Validators composed of elements: one entity tag for several, the newest of several times. */

const tags = (...values: string[]) => values.map(toEntityTag);

describe('combineEntityTags', () => {
  it('no elements, or no leading element: no ETag, whatever the others and the representation version', () => {
    expect(combineEntityTags([])).toBeUndefined();
    expect(combineEntityTags([], '1.0.0')).toBeUndefined();
    expect(combineEntityTags([undefined, toEntityTag('"alice"')], '1.0.0')).toBeUndefined();
  });

  it('one element and no representation version: that element, unchanged', () => {
    const [only] = tags('W/"v7"');
    expect(combineEntityTags([only])).toBe(only);
  });

  it('keeps the leading element readable, then a fixed-length base64url digest', () => {
    const combined = combineEntityTags(tags('"v7"', '"alice"'))!;
    expect(combined.value).toMatch(new RegExp(`^"v7\\.[A-Za-z0-9_-]{${ELEMENTS_DIGEST_LENGTH}}"$`));
    expect(combined).toEqual({ weak: false, opaque: combined.value.slice(1, -1), value: combined.value });
  });

  it('is deterministic: the same elements give the same tag (pinned, so that it is the same on every instance and release)', () => {
    expect(combineEntityTags(tags('"v7"', '"alice"'))).toEqual(combineEntityTags(tags('"v7"', '"alice"')));
    expect(combineEntityTags(tags('"v7"', '"alice"'))!.value).toBe('"v7.mS5QiMXh53-hftlT"');
  });

  it('is weak if any element is weak', () => {
    expect(combineEntityTags(tags('"v7"', 'W/"alice"'))!.value).toMatch(/^W\/"v7\./);
    expect(combineEntityTags(tags('W/"v7"', '"alice"'))!.value).toMatch(/^W\/"v7\./);
    expect(combineEntityTags(tags('"v7"', '"alice"'))!.weak).toBe(false);
  });

  it('weakness is in the W/ of the whole only: the same opaque-tags, weak or strong, give the same opaque-tag (weak comparison matches)', () => {
    const a = combineEntityTags(tags('"v7"', 'W/"alice"'))!;
    const b = combineEntityTags(tags('W/"v7"', '"alice"'))!;
    const strong = combineEntityTags(tags('"v7"', '"alice"'))!;
    expect(a.value).toBe(b.value);
    expect(a.opaque).toBe(strong.opaque);
    expect(a.value).toBe(`W/${strong.value}`);
  });

  it.each([
    ['another element', tags('"v7"', '"bob"')],
    ['the order of the elements', tags('"alice"', '"v7"')],
    ['one more element', tags('"v7"', '"alice"', '"x"')],
    ['the boundary between elements', tags('"v7"', '"al"', '"ice"')],
  ])('changes with %s', (_case, other) => {
    const base = combineEntityTags(tags('"v7"', '"alice"'))!;
    expect(combineEntityTags(other)!.value).not.toBe(base.value);
  });

  it('counts the other elements by position: an absent one is absent where it stands', () => {
    const [v7, fr] = tags('"v7"', '"fr"');
    const absentThenFr = combineEntityTags([v7, undefined, fr])!.value;
    const frThenAbsent = combineEntityTags([v7, fr, undefined])!.value;
    const frAlone = combineEntityTags([v7, fr])!.value;
    expect(new Set([absentThenFr, frThenAbsent, frAlone]).size).toBe(3);
    expect(combineEntityTags([v7, undefined])!.value).not.toBe(v7.value);
  });

  it('mixes a representation version in: another version, another tag; none, and the single element is kept', () => {
    const [v7] = tags('"v7"');
    const release1 = combineEntityTags([v7], '1.0.0')!;
    const release2 = combineEntityTags([v7], '1.0.1')!;
    expect(release1.value).toMatch(/^"v7\./);
    expect(release1.value).not.toBe(release2.value);
    expect(release1.value).not.toBe(v7.value);
    expect(combineEntityTags([v7], '1.0.0')).toEqual(release1);
    expect(combineEntityTags(tags('"v7"', '"alice"'), '1.0.0')!.value).not.toBe(
      combineEntityTags(tags('"v7"', '"alice"'))!.value,
    );
  });

  it('keeps obs-text bytes of the leading element as they are', () => {
    const combined = combineEntityTags(tags('"caf\u00e9"', '"x"'))!;
    expect(combined.opaque.startsWith('caf\u00e9.')).toBe(true);
  });
});

describe('newestModificationTime', () => {
  const now = Date.UTC(2026, 11, 1, 12);
  const hour = 3_600_000;

  it('no times: none, even with an earliest time', () => {
    expect(newestModificationTime([], undefined, now)).toBeUndefined();
    expect(newestModificationTime([], now - hour, now)).toBeUndefined();
  });

  it('the newest of the times, whatever their order', () => {
    expect(newestModificationTime([now - 3 * hour, now - hour, now - 2 * hour], undefined, now)).toBe(now - hour);
    expect(newestModificationTime([now - hour], undefined, now)).toBe(now - hour);
  });

  it('raised to the earliest time when older, left alone when newer', () => {
    expect(newestModificationTime([now - 3 * hour], now - hour, now)).toBe(now - hour);
    expect(newestModificationTime([now - hour], now - 3 * hour, now)).toBe(now - hour);
  });

  it('never later than now, even with an earliest time in the future (a clock ahead)', () => {
    expect(newestModificationTime([now - hour], now + hour, now)).toBe(now);
  });
});
