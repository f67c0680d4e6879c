import { evaluatePreconditions, parseEntityTagList, parseHttpDate, toEntityTag } from '../../src/core';

/*
 * Hostile headers are answered in linear time. Work is counted, not timed: the parsers read
 * the field one character at a time through String.prototype.charCodeAt, so counting those
 * calls pins the work as a function of the input's size, whatever the machine is doing.
 */

function charReads(work: () => unknown): number {
  const original = String.prototype.charCodeAt;
  let reads = 0;
  String.prototype.charCodeAt = function countedCharCodeAt(this: string, index: number) {
    reads++;
    return original.call(this, index);
  };
  try {
    work();
  } finally {
    String.prototype.charCodeAt = original;
  }
  return reads;
}

const KIB = 1024;

/** Repeats `unit` up to `size` characters. */
function fill(unit: string, size: number): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

const HOSTILE_LISTS: Record<string, (size: number) => string> = {
  'thousands of tags': (size) => fill('"abcdefgh", W/"ijklmnop", ', size),
  'unbalanced quotes': (size) => fill('"a, "b, ', size),
  'only quotes': (size) => fill('"', size),
  'only commas': (size) => fill(',', size),
  'W/ fragments': (size) => fill('W/W/"W/', size),
  'a tag never closed': (size) => `"${fill('x', size - 1)}`,
  'spaces then garbage': (size) => `${fill(' ', size - 1)}x`,
  'malformed members with quotes': (size) => fill('x"y"z, ', size),
  // After a malformed member, reading goes back to the first comma after its start: these
  // put that comma inside a long quoted run, again and again.
  'unclosed quotes full of commas': (size) => `"${fill('a,', size - 1)}`,
  'closed tags glued together, commas inside': (size) => fill('"a,"b', size),
  'W and W/ before commas': (size) => fill('"W,W/,', size),
  'weak tags never closed, commas inside': (size) => fill('W/"x,W/"y,', size),
};

describe.each(Object.entries(HOSTILE_LISTS))('an If-None-Match of %s', (_name, make) => {
  const current = toEntityTag('never-there');

  it('is read in at most 3 character reads per character, at 64 KiB', () => {
    const value = make(64 * KIB);
    const reads = charReads(() =>
      evaluatePreconditions({ method: 'GET', headers: { 'if-none-match': value } }, { etag: current }),
    );
    expect(reads).toBeLessThanOrEqual(3 * value.length + 16);
  });

  it('costs twice the work for twice the size (linear, not quadratic)', () => {
    const small = charReads(() => parseEntityTagList(make(16 * KIB)));
    const large = charReads(() => parseEntityTagList(make(32 * KIB)));
    expect(large / Math.max(small, 1)).toBeLessThanOrEqual(2.1);
  });

  it('in If-Match as well, answered 412', () => {
    const value = make(64 * KIB);
    let outcome: string | undefined;
    const reads = charReads(() => {
      outcome = evaluatePreconditions({ method: 'PUT', headers: { 'if-match': value } }, { etag: current });
    });
    expect(reads).toBeLessThanOrEqual(3 * value.length + 16);
    expect(outcome).toBe('precondition-failed');
  });
});

describe('an If-Modified-Since of 8 KiB of garbage', () => {
  it.each([
    ['letters', fill('abcdefg', 8 * KIB)],
    ['a date repeated', fill('Sun, 06 Nov 1994 08:49:37 GMT', 8 * KIB)],
    ['a day name then commas', `Sunday${fill(',', 8 * KIB)}`],
  ])('%s: not a date, read in constant work, the header ignored', (_name, value) => {
    const reads = charReads(() => expect(parseHttpDate(value)).toBeUndefined());
    expect(reads).toBeLessThanOrEqual(64);
    expect(evaluatePreconditions({ method: 'GET', headers: { 'if-modified-since': value } }, { lastModified: 0 })).toBe(
      'proceed',
    );
  });
});
