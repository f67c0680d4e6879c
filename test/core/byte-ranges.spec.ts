import fc from 'fast-check';
import {
  type ByteRange,
  type ByteRangeRequest,
  DEFAULT_BYTE_RANGE_LIMITS,
  formatContentRange,
  parseByteRanges,
  unsatisfiedContentRange,
} from '../../src/core';

/** RFC 9110 14.1.2 (byte ranges) and 14.2 (when a server may ignore them), for an 11-byte representation. */
const LENGTH = 11;

const ranges = (...pairs: Array<[number, number]>): ByteRangeRequest => ({
  kind: 'satisfiable',
  ranges: pairs.map(([start, end]): ByteRange => ({ start, end })),
});
const IGNORED: ByteRangeRequest = { kind: 'ignored' };
const UNSATISFIABLE: ByteRangeRequest = { kind: 'unsatisfiable' };

describe('parseByteRanges', () => {
  it.each<[string, ByteRangeRequest]>([
    // One range: first-last, first-, -suffix, clamped to the representation.
    ['bytes=0-4', ranges([0, 4])],
    ['bytes=2-', ranges([2, 10])],
    ['bytes=-5', ranges([6, 10])],
    ['bytes=5-1000', ranges([5, 10])],
    ['bytes=0-', ranges([0, 10])],
    ['bytes=10-10', ranges([10, 10])],
    ['bytes=-1000', ranges([0, 10])],
    ['bytes=-11', ranges([0, 10])],
    ['bytes=-10', ranges([1, 10])],
    ['bytes=0-99999999999999999999', ranges([0, 10])],
    ['bytes=-99999999999999999999', ranges([0, 10])],
    ['bytes=0000000000000000000003-0000000000000000000004', ranges([3, 4])],
    // The unit is case-insensitive; empty members and spaces around members are tolerated.
    ['Bytes=0-4', ranges([0, 4])],
    ['BYTES=0-4', ranges([0, 4])],
    ['bytes= 0-1 , ,3-4', ranges([0, 1], [3, 4])],
    ['bytes=0-1,\t3-4\t', ranges([0, 1], [3, 4])],
    ['bytes=,0-1', ranges([0, 1])],
    // Several: in request order; ranges that overlap or touch are coalesced.
    ['bytes=0-0,-1', ranges([0, 0], [10, 10])],
    ['bytes=-1,0-0', ranges([10, 10], [0, 0])],
    ['bytes=1-2,3-5', ranges([1, 5])],
    ['bytes=3-5,1-2', ranges([1, 5])],
    ['bytes=0-4,2-6', ranges([0, 6])],
    ['bytes=8-9,0-1,2-3', ranges([8, 9], [0, 3])],
    ['bytes=0-5,1-2', ranges([0, 5])],
    ['bytes=0-3,0-1', ranges([0, 3])],
    ['bytes=8-8,0-1,0-3', ranges([8, 8], [0, 3])],
    ['bytes=0-1,11-,3-4', ranges([0, 1], [3, 4])],
    // Unsatisfiable: no range starts inside the representation.
    ['bytes=11-', UNSATISFIABLE],
    ['bytes=-0', UNSATISFIABLE],
    ['bytes=99999999999999999999-', UNSATISFIABLE],
    ['bytes=11-20,-0', UNSATISFIABLE],
    ['bytes=12-99999999999999999999', UNSATISFIABLE],
    // Not a valid bytes range set: the whole field is ignored.
    ['items=0-4', IGNORED],
    ['bytes', IGNORED],
    ['bytes =0-4', IGNORED],
    ['bytes=abc', IGNORED],
    ['bytes=5-1', IGNORED],
    ['bytes=99999999999999999999-99999999999999999998', IGNORED],
    ['bytes=--6', IGNORED],
    ['bytes=+1-2', IGNORED],
    ['bytes=1-+2', IGNORED],
    ['bytes=1e3-', IGNORED],
    ['bytes=0x1-2', IGNORED],
    ['bytes=1.5-2', IGNORED],
    ['bytes=-', IGNORED],
    ['bytes=', IGNORED],
    ['bytes=, ,', IGNORED],
    ['bytes=0-4 5', IGNORED],
    ['bytes=0-4,abc', IGNORED],
    ['bytes=0 -4', IGNORED],
    // Past the limits: the whole body instead (CVE-2011-3192).
    ['bytes=0-,1-,2-,3-,4-', IGNORED],
    ['bytes=0-10,0-10', IGNORED],
    ['bytes=0-3,1-4,2-5', IGNORED],
  ])('%s', (field, expected) => {
    expect(parseByteRanges(field, LENGTH)).toEqual(expected);
  });

  it('allows two overlapping ranges and refuses three (maxOverlapping 2)', () => {
    expect(parseByteRanges('bytes=0-2,1-3', LENGTH)).toEqual(ranges([0, 3]));
    expect(parseByteRanges('bytes=0-2,1-3,8-9', LENGTH)).toEqual(ranges([0, 3], [8, 9]));
    expect(parseByteRanges('bytes=0-1,1-2,2-3', LENGTH)).toEqual(IGNORED);
    expect(parseByteRanges('bytes=0-1,1-2,2-3', LENGTH, { maxOverlapping: 3 })).toEqual(ranges([0, 3]));
  });

  it('refuses more than maxRanges ranges, counting unsatisfiable ones too', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => `${i * 2}-${i * 2}`).join(',');
    const length = 200;
    expect(parseByteRanges(`bytes=${fifty}`, length)).toMatchObject({ kind: 'satisfiable' });
    expect(parseByteRanges(`bytes=${fifty},300-`, length)).toEqual(IGNORED);
    expect(parseByteRanges('bytes=0-0,2-2,4-4', LENGTH, { maxRanges: 2 })).toEqual(IGNORED);
    expect(DEFAULT_BYTE_RANGE_LIMITS.maxRanges).toBe(50);
  });

  it('refuses many small ranges out of order (maxOutOfOrder 10)', () => {
    const descending = (count: number) =>
      Array.from({ length: count }, (_, i) => `${(count - i) * 2}-${(count - i) * 2}`).join(',');
    expect(parseByteRanges(`bytes=${descending(11)}`, 100)).toMatchObject({ kind: 'satisfiable' });
    expect(parseByteRanges(`bytes=${descending(12)}`, 100)).toEqual(IGNORED);
    expect(parseByteRanges('bytes=4-4,2-2,0-0', LENGTH, { maxOutOfOrder: 1 })).toEqual(IGNORED);
  });

  it('reads a representation of any safe length exactly', () => {
    const length = Number.MAX_SAFE_INTEGER;
    expect(parseByteRanges('bytes=9007199254740990-', length)).toEqual(ranges([9007199254740990, length - 1]));
    expect(parseByteRanges('bytes=9007199254740991-', length)).toEqual(UNSATISFIABLE);
    expect(parseByteRanges('bytes=-1', length)).toEqual(ranges([length - 1, length - 1]));
  });

  it('is linear in the field: a megabyte of members answers at once', () => {
    const field = `bytes=${',0-0'.repeat(200_000)}`;
    expect(parseByteRanges(field, LENGTH)).toEqual(IGNORED);
    const spaces = `bytes=0-0${' '.repeat(1_000_000)}`;
    expect(parseByteRanges(spaces, LENGTH)).toEqual(ranges([0, 0]));
  });
});

describe('Content-Range values', () => {
  it('formats a part and an unsatisfied range', () => {
    expect(formatContentRange({ start: 0, end: 4 }, 11)).toBe('bytes 0-4/11');
    expect(unsatisfiedContentRange(11)).toBe('bytes */11');
  });
});

describe('parseByteRanges, for any field and length', () => {
  const member = fc.oneof(
    fc.tuple(fc.nat(40), fc.nat(40)).map(([a, b]) => `${a}-${b}`),
    fc.nat(40).map((a) => `${a}-`),
    fc.nat(40).map((a) => `-${a}`),
    fc.string({ maxLength: 4 }),
  );
  const field = fc
    .tuple(
      fc.constantFrom('bytes=', 'Bytes=', 'bytes= ', 'items='),
      fc.array(member, { maxLength: 8 }),
      fc.constantFrom(',', ', ', ' ,'),
    )
    .map(([unit, members, separator]) => unit + members.join(separator));

  it('never throws, and answers only ranges inside the representation, disjoint and not touching', () => {
    fc.assert(
      fc.property(field, fc.integer({ min: 1, max: 30 }), (value, length) => {
        const asked = parseByteRanges(value, length);
        if (asked.kind !== 'satisfiable') return;
        const sorted = [...asked.ranges].sort((a, b) => a.start - b.start);
        sorted.forEach((range, i) => {
          expect(range.start).toBeGreaterThanOrEqual(0);
          expect(range.end).toBeLessThan(length);
          expect(range.start).toBeLessThanOrEqual(range.end);
          if (i > 0) expect(range.start).toBeGreaterThan(sorted[i - 1].end + 1);
        });
      }),
      { numRuns: 2000 },
    );
  });
});
