import { InvalidValidatorValueError } from './invalid-validator-value.error';

/*
 * HTTP-date (RFC 9110 section 5.6.7), read and written by hand.
 *
 * `Date.parse` is never used: it accepts far more than the three HTTP forms and reads
 * asctime dates in the server's local time zone. Every character is checked here, the
 * calendar is validated (no 31 Feb), and anything else is "not a date", which makes the
 * conditional header that carried it be ignored.
 */

const SHORT_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const LONG_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const IMF_FIXDATE_LENGTH = 29; // Sun, 06 Nov 1994 08:49:37 GMT
const ASCTIME_LENGTH = 24; // Sun Nov  6 08:49:37 1994
const MS_PER_SECOND = 1000;
/** The earliest instant an IMF-fixdate can say (1 Jan 0000 00:00:00 GMT). */
export const EARLIEST_HTTP_DATE = new Date(Date.UTC(2000, 0, 1)).setUTCFullYear(0);

function digit(text: string, at: number): number {
  const code = text.charCodeAt(at) - 0x30;
  return code >= 0 && code <= 9 ? code : -1;
}

/** Reads `count` ASCII digits at `at`; -1 when any is not a digit. */
function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = 0; i < count; i++) {
    const d = digit(text, at + i);
    if (d < 0) return -1;
    value = value * 10 + d;
  }
  return value;
}

function monthAt(text: string, at: number): number {
  return MONTHS.indexOf(text.slice(at, at + 3));
}

function daysInMonth(year: number, month: number): number {
  if (month === 1) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 3 || month === 5 || month === 8 || month === 10 ? 30 : 31;
}

/** Reads `HH:MM:SS` at `at`; `undefined` when malformed or out of range. */
function timeAt(text: string, at: number): [number, number, number] | undefined {
  if (text.charCodeAt(at + 2) !== 0x3a || text.charCodeAt(at + 5) !== 0x3a) return undefined;
  const hours = digits(text, at, 2);
  const minutes = digits(text, at + 3, 2);
  const seconds = digits(text, at + 6, 2);
  // A second of 60 is a leap second in the grammar; it reads as the next minute.
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 60) return undefined;
  return [hours, minutes, seconds];
}

function toEpoch(year: number, month: number, day: number, time: [number, number, number]): number | undefined {
  if (month < 0 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (year >= 100) return Date.UTC(year, month, day, time[0], time[1], time[2]);
  // Date.UTC reads years 0-99 as 1900-1999; a four-digit year of 00xx means what it says.
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  return date.setUTCHours(time[0], time[1], time[2], 0);
}

/** `Sun, 06 Nov 1994 08:49:37 GMT` */
function parseImfFixdate(text: string): number | undefined {
  if (text.length !== IMF_FIXDATE_LENGTH || !SHORT_DAYS.includes(text.slice(0, 3))) return undefined;
  if (text.slice(3, 5) !== ', ' || text[7] !== ' ' || text[11] !== ' ' || text[16] !== ' ') return undefined;
  if (text.slice(25) !== ' GMT') return undefined;
  const day = digits(text, 5, 2);
  const year = digits(text, 12, 4);
  const time = timeAt(text, 17);
  if (day < 0 || year < 0 || time === undefined) return undefined;
  return toEpoch(year, monthAt(text, 8), day, time);
}

/** `Sunday, 06-Nov-94 08:49:37 GMT`; a two-digit year more than 50 years ahead is last century. */
function parseRfc850Date(text: string, nowMs: number): number | undefined {
  const comma = text.indexOf(',');
  if (comma < 0 || !LONG_DAYS.includes(text.slice(0, comma))) return undefined;
  const rest = comma + 2; // 06-Nov-94 08:49:37 GMT
  if (text.length !== rest + 22 || text[comma + 1] !== ' ') return undefined;
  if (text[rest + 2] !== '-' || text[rest + 6] !== '-' || text[rest + 9] !== ' ') return undefined;
  if (text.slice(rest + 18) !== ' GMT') return undefined;
  const day = digits(text, rest, 2);
  const shortYear = digits(text, rest + 7, 2);
  const time = timeAt(text, rest + 10);
  if (day < 0 || shortYear < 0 || time === undefined) return undefined;
  // RFC 9110 5.6.7: a timestamp more than 50 years in the future is in the previous century.
  const now = new Date(nowMs);
  const currentYear = now.getUTCFullYear();
  const year = currentYear - (currentYear % 100) + shortYear;
  const epoch = toEpoch(year, monthAt(text, rest + 3), day, time);
  if (epoch === undefined) return undefined;
  const fiftyYearsAhead = new Date(nowMs);
  fiftyYearsAhead.setUTCFullYear(currentYear + 50);
  return epoch > fiftyYearsAhead.getTime() ? toEpoch(year - 100, monthAt(text, rest + 3), day, time) : epoch;
}

/** `Sun Nov  6 08:49:37 1994` (always UTC) */
function parseAsctime(text: string): number | undefined {
  if (text.length !== ASCTIME_LENGTH || !SHORT_DAYS.includes(text.slice(0, 3))) return undefined;
  if (text[3] !== ' ' || text[7] !== ' ' || text[10] !== ' ' || text[19] !== ' ') return undefined;
  const day = text[8] === ' ' ? digits(text, 9, 1) : digits(text, 8, 2);
  const year = digits(text, 20, 4);
  const time = timeAt(text, 11);
  if (day < 0 || year < 0 || time === undefined) return undefined;
  return toEpoch(year, monthAt(text, 4), day, time);
}

/**
 * Parses an HTTP-date in any of its three forms (IMF-fixdate, RFC 850, asctime).
 *
 * @param fieldValue the header's value, exactly as received.
 * @param nowMs the current time, used only to place an RFC 850 two-digit year.
 * @returns milliseconds since the epoch (always a whole second), or `undefined` when the
 * value is not an HTTP-date, in which case the header that carried it must be ignored.
 */
export function parseHttpDate(fieldValue: string, nowMs: number = Date.now()): number | undefined {
  // One request asks about its If-Modified-Since several times (what it compares, whether it
  // may be a 304, the evaluation), and clients of a resource send the same date: the last
  // IMF-fixdate or asctime date parsed is kept (their value does not depend on `nowMs`).
  if (fieldValue === lastParsedText) return lastParsedEpochMs;
  const fourth = fieldValue.charCodeAt(3);
  let parsed: number | undefined;
  if (fourth === 0x2c)
    parsed = parseImfFixdate(fieldValue); // "Sun,"
  else if (fourth === 0x20)
    parsed = parseAsctime(fieldValue); // "Sun "
  else return parseRfc850Date(fieldValue, nowMs);
  lastParsedText = fieldValue;
  lastParsedEpochMs = parsed;
  return parsed;
}

// Seeded with a real parse, so that the first call compares against a value it would give.
let lastParsedText = 'Thu, 01 Jan 1970 00:00:00 GMT';
let lastParsedEpochMs: number | undefined = 0;

/** Formats an instant as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), dropping milliseconds. */
export function formatHttpDate(epochMs: number): string {
  // A route's Last-Modified changes rarely and is sent on every response: the last one
  // formatted is kept, which makes the common case a comparison instead of a Date.
  if (epochMs !== lastFormattedEpochMs) {
    // toUTCString already writes IMF-fixdate and leaves the milliseconds out.
    lastFormattedText = new Date(epochMs).toUTCString();
    lastFormattedEpochMs = epochMs;
  }
  return lastFormattedText;
}

let lastFormattedEpochMs = Number.NaN;
let lastFormattedText = '';

/** Drops the milliseconds: HTTP dates have one-second resolution, so comparisons must too. */
export function toWholeSecond(epochMs: number): number {
  return Math.floor(epochMs / MS_PER_SECOND) * MS_PER_SECOND;
}

/**
 * Turns what a `lastModified` validator returned (a `Date` or epoch milliseconds) into the
 * modification time to compare and send: whole seconds, and never later than `nowMs` (a
 * clock ahead of ours must not produce a date in the future, RFC 9110 8.8.2.1).
 *
 * @throws InvalidValidatorValueError for anything else: an invalid `Date`, `NaN`, a string,
 * a date before year 0000 (which no IMF-fixdate can express).
 */
export function toLastModified(raw: unknown, nowMs: number): number {
  let epochMs: number;
  if (raw instanceof Date) epochMs = raw.getTime();
  else if (typeof raw === 'number') epochMs = raw;
  else {
    throw new InvalidValidatorValueError(
      `a Last-Modified must be a Date or epoch milliseconds, got ${raw === null ? 'null' : typeof raw}`,
    );
  }
  if (!Number.isFinite(epochMs)) {
    throw new InvalidValidatorValueError('a Last-Modified must be a valid date, got an Invalid Date or NaN');
  }
  if (epochMs < EARLIEST_HTTP_DATE) {
    throw new InvalidValidatorValueError(`a Last-Modified before year 0000 cannot be sent, got ${epochMs}`);
  }
  return toWholeSecond(Math.min(epochMs, nowMs));
}
