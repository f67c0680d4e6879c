/*
 * `Range: bytes=...` (RFC 9110 section 14.1.2), read by hand in one pass.
 *
 * Numbers are kept as digit runs until they are compared with the representation's length,
 * so that a position of any size is read exactly: `99999999999999999999-` is past the end of
 * every representation, never a float rounded into range.
 */

/** A byte range, both ends inclusive, within a representation of known length. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * What a server accepts before it answers a Range with the whole representation instead
 * (RFC 9110 section 14.2 allows that; CVE-2011-3192 is why it matters).
 */
export interface ByteRangeLimits {
  /**
   * The most ranges one request may ask for.
   * @default 50
   */
  readonly maxRanges?: number;
  /**
   * The most requested ranges that may overlap another requested range.
   * @default 2
   */
  readonly maxOverlapping?: number;
  /**
   * The most requested ranges that may start before the range requested just before them.
   * @default 10
   */
  readonly maxOutOfOrder?: number;
}

/** The limits with every default filled in. */
export const DEFAULT_BYTE_RANGE_LIMITS: Required<ByteRangeLimits> = {
  maxRanges: 50,
  maxOverlapping: 2,
  maxOutOfOrder: 10,
};

/**
 * What a `Range` field asks of a representation of a given length:
 * - `ignored`: no valid `bytes` range set (another unit, bad syntax, `last < first`), or one
 *   the limits refuse: answer with the whole representation (200).
 * - `unsatisfiable`: valid, but no range overlaps the representation: 416 with
 *   `Content-Range: bytes *\/length`.
 * - `satisfiable`: the ranges to send, coalesced where they overlap or touch, in the order the
 *   request first named them; one range is a single-part 206, several a `multipart/byteranges`.
 */
export type ByteRangeRequest =
  | { readonly kind: 'ignored' }
  | { readonly kind: 'unsatisfiable' }
  | { readonly kind: 'satisfiable'; readonly ranges: readonly ByteRange[] };

const IGNORED: ByteRangeRequest = { kind: 'ignored' };
const UNSATISFIABLE: ByteRangeRequest = { kind: 'unsatisfiable' };

const SPACE = 0x20;
const TAB = 0x09;
const COMMA = 0x2c;
const DASH = 0x2d;

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** The value of a digit run, or `Infinity` when it is at least `limit` (read exactly, never rounded). */
function boundedValue(text: string, from: number, to: number, limit: number): number {
  while (from < to - 1 && text.charCodeAt(from) === 0x30) from++;
  // 17 digits or more is past every safe length. Below, a double may round a value past 2^53,
  // but never across `limit` (a safe integer, exact): rounding keeps the order.
  if (to - from > 16) return Infinity;
  const value = Number(text.slice(from, to));
  return value >= limit ? Infinity : value;
}

/** `from..to` of `text` equals `bytes`, ASCII case-insensitively. */
function isBytesUnit(text: string, from: number, to: number): boolean {
  return to - from === 5 && text.slice(from, to).toLowerCase() === 'bytes';
}

/** A requested range before it meets the representation: the positions as read, `Infinity` when huge. */
interface RequestedRange {
  readonly start: number;
  /** Inclusive; `Infinity` for `first-` or a last position past any length. */
  readonly end: number;
}

/**
 * Reads a `Range` field value's range set against a representation of `length` bytes.
 * `undefined` when the field is not a valid `bytes` range set: the whole field is then ignored.
 * Positions are exact up to `length`; anything at or past it reads as `Infinity`.
 */
function readRangeSet(fieldValue: string, length: number): RequestedRange[] | undefined {
  const equals = fieldValue.indexOf('=');
  if (equals < 0 || !isBytesUnit(fieldValue, 0, equals)) return undefined;
  const ranges: RequestedRange[] = [];
  const size = fieldValue.length;
  let i = equals + 1;
  while (i < size) {
    let code = fieldValue.charCodeAt(i);
    if (code === SPACE || code === TAB || code === COMMA) {
      i++;
      continue;
    }
    // One range-spec: first-last, first-, or -suffix; digits only (no sign, no exponent).
    const firstFrom = i;
    while (i < size && isDigit(fieldValue.charCodeAt(i))) i++;
    const firstTo = i;
    if (fieldValue.charCodeAt(i) !== DASH) return undefined;
    i++;
    const lastFrom = i;
    while (i < size && isDigit(fieldValue.charCodeAt(i))) i++;
    const lastTo = i;
    while (i < size && ((code = fieldValue.charCodeAt(i)) === SPACE || code === TAB)) i++;
    if (i < size && fieldValue.charCodeAt(i) !== COMMA) return undefined;
    const hasFirst = firstTo > firstFrom;
    const hasLast = lastTo > lastFrom;
    if (!hasFirst && !hasLast) return undefined;
    if (!hasFirst) {
      // -suffix: the last `suffix` bytes, all of them when it is longer; -0 is unsatisfiable.
      const suffix = boundedValue(fieldValue, lastFrom, lastTo, length);
      ranges.push(
        suffix === 0
          ? { start: Infinity, end: Infinity }
          : { start: suffix === Infinity ? 0 : length - suffix, end: Infinity },
      );
      continue;
    }
    const start = boundedValue(fieldValue, firstFrom, firstTo, length);
    const end = hasLast ? boundedValue(fieldValue, lastFrom, lastTo, length) : Infinity;
    // last < first makes the whole field invalid, however large both are.
    if (hasLast && compareDigitRuns(fieldValue, lastFrom, lastTo, firstFrom, firstTo) < 0) return undefined;
    ranges.push({ start, end });
  }
  return ranges.length === 0 ? undefined : ranges;
}

/** Compares two runs of ASCII digits as numbers, exactly, whatever their size. */
function compareDigitRuns(text: string, aFrom: number, aTo: number, bFrom: number, bTo: number): number {
  while (aFrom < aTo - 1 && text.charCodeAt(aFrom) === 0x30) aFrom++;
  while (bFrom < bTo - 1 && text.charCodeAt(bFrom) === 0x30) bFrom++;
  if (aTo - aFrom !== bTo - bFrom) return aTo - aFrom - (bTo - bFrom);
  const a = text.slice(aFrom, aTo);
  const b = text.slice(bFrom, bTo);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How many requested ranges start before the one requested just before them. */
function outOfOrder(ranges: readonly ByteRange[]): number {
  let count = 0;
  for (let i = 1; i < ranges.length; i++) if (ranges[i].start < ranges[i - 1].start) count++;
  return count;
}

/** How many requested ranges overlap (share a byte with) another requested range. */
function overlapping(sorted: readonly ByteRange[]): number {
  const overlaps = new Set<number>();
  let reach = -1;
  let reacher = -1;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i].start <= reach) {
      overlaps.add(i);
      overlaps.add(reacher);
    }
    if (sorted[i].end > reach) {
      reach = sorted[i].end;
      reacher = i;
    }
  }
  return overlaps.size;
}

/**
 * Coalesces ranges that overlap or touch (`1-2,3-5` is `1-5`), keeping the groups in the order
 * the request first named one of their members.
 */
function coalesce(ranges: readonly ByteRange[]): ByteRange[] {
  const order = ranges.map((range, index) => ({ ...range, index })).sort((a, b) => a.start - b.start || a.end - b.end);
  const groups: Array<{ start: number; end: number; index: number }> = [];
  for (const range of order) {
    const last = groups[groups.length - 1];
    if (last !== undefined && range.start <= last.end + 1) {
      last.end = Math.max(last.end, range.end);
      last.index = Math.min(last.index, range.index);
    } else {
      groups.push({ ...range });
    }
  }
  return groups.sort((a, b) => a.index - b.index).map(({ start, end }) => ({ start, end }));
}

/**
 * What a `Range` field value asks of a representation of `length` bytes (RFC 9110 14.1.2,
 * 14.2), limits applied. The unit is case-insensitive, empty list members and spaces around
 * members are tolerated; a sign, an exponent, any other character, or `last < first` makes the
 * whole field invalid (`ignored`). A range starting at or past the end is unsatisfiable, a last
 * position past it is clamped, a suffix longer than the representation means all of it.
 *
 * Past the limits (too many ranges, too many overlapping or out of order, or ranges adding up
 * to more than the representation, `0-,1-,2-`) the Range is `ignored` and the whole
 * representation is sent, as RFC 9110 14.2 allows. Total: never throws; linear in the field.
 *
 * @param length the representation's length in bytes, a safe integer of at least 1.
 */
export function parseByteRanges(fieldValue: string, length: number, limits: ByteRangeLimits = {}): ByteRangeRequest {
  const { maxRanges, maxOverlapping, maxOutOfOrder } = { ...DEFAULT_BYTE_RANGE_LIMITS, ...limits };
  const requested = readRangeSet(fieldValue, length);
  if (requested === undefined || requested.length > maxRanges) return IGNORED;
  const satisfiable: ByteRange[] = [];
  let total = 0;
  for (const { start, end } of requested) {
    if (start >= length) continue;
    const range = { start, end: Math.min(end, length - 1) };
    total += range.end - range.start + 1;
    satisfiable.push(range);
  }
  if (satisfiable.length === 0) return UNSATISFIABLE;
  if (total > length || outOfOrder(satisfiable) > maxOutOfOrder) return IGNORED;
  if (satisfiable.length > 1 && overlapping([...satisfiable].sort((a, b) => a.start - b.start)) > maxOverlapping)
    return IGNORED;
  return { kind: 'satisfiable', ranges: coalesce(satisfiable) };
}

/** `Content-Range` of a 206 part: `bytes 0-4/11`. */
export function formatContentRange(range: ByteRange, length: number): string {
  return `bytes ${range.start}-${range.end}/${length}`;
}

/** `Content-Range` of a 416: `bytes *\/11`. */
export function unsatisfiedContentRange(length: number): string {
  return `bytes */${length}`;
}
