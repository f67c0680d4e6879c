import { escapeForLog, quoteForLog } from './log-text';

/**
 * The directives of a `Cache-Control` response header (RFC 9111 section 5.2.2), as
 * `@CacheControl()` takes them. Durations are whole seconds.
 */
export interface CacheControlOptions {
  /** `public`: any cache may store the response, even one that needs authentication. */
  public?: boolean;
  /** `private`: only the user's own cache (a browser) may store it; never a shared cache. */
  private?: boolean;
  /** `no-cache`: a cache may store it but must revalidate before every use (a conditional request). */
  noCache?: boolean;
  /** `no-store`: no cache may store it. Turns off validators computed from the response. */
  noStore?: boolean;
  /** `no-transform`: intermediaries must not change the body (recompress, convert images). */
  noTransform?: boolean;
  /** `must-revalidate`: once stale, a cache must revalidate it and never serve it stale. */
  mustRevalidate?: boolean;
  /** `proxy-revalidate`: `must-revalidate` for shared caches only. */
  proxyRevalidate?: boolean;
  /** `must-understand`: store only when the cache understands the status code's caching rules. */
  mustUnderstand?: boolean;
  /** `immutable` (RFC 8246): the body never changes while fresh, so a reload need not revalidate. */
  immutable?: boolean;
  /** `max-age=N`: fresh for N seconds. */
  maxAge?: number;
  /** `s-maxage=N`: fresh for N seconds in shared caches (overrides `maxAge` there). */
  sMaxAge?: number;
  /** `stale-while-revalidate=N` (RFC 5861): may be served stale for N seconds while revalidating in the background. */
  staleWhileRevalidate?: number;
  /** `stale-if-error=N` (RFC 5861): may be served stale for N seconds when revalidation fails with an error. */
  staleIfError?: number;
}

const FLAGS: ReadonlyArray<readonly [keyof CacheControlOptions, string]> = [
  ['public', 'public'],
  ['private', 'private'],
  ['noCache', 'no-cache'],
  ['noStore', 'no-store'],
  ['noTransform', 'no-transform'],
  ['mustRevalidate', 'must-revalidate'],
  ['proxyRevalidate', 'proxy-revalidate'],
  ['mustUnderstand', 'must-understand'],
  ['immutable', 'immutable'],
];

const DURATIONS: ReadonlyArray<readonly [keyof CacheControlOptions, string]> = [
  ['maxAge', 'max-age'],
  ['sMaxAge', 's-maxage'],
  ['staleWhileRevalidate', 'stale-while-revalidate'],
  ['staleIfError', 'stale-if-error'],
];

const KNOWN = new Set<string>([...FLAGS, ...DURATIONS].map(([option]) => option));

/**
 * Writes the `Cache-Control` field value of `options`, directives in a fixed order.
 *
 * @throws TypeError naming `where` for an unknown option, a flag that is not a boolean, a
 * duration that is not a whole number of seconds from 0 to 2^31-1, `public` with `private`,
 * or no directive at all.
 */
export function formatCacheControl(options: CacheControlOptions, where: string): string {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${where}: expected an object of directives, such as { maxAge: 60, public: true }`);
  }
  for (const option of Object.keys(options)) {
    if (!KNOWN.has(option))
      throw new TypeError(
        `${where}: unknown directive option ${escapeForLog(option)}; known: ${[...KNOWN].join(', ')}`,
      );
  }
  if (options.public === true && options.private === true) {
    throw new TypeError(`${where}: a response is either public or private, not both`);
  }
  const directives: string[] = [];
  for (const [option, directive] of FLAGS) {
    const value = options[option];
    if (value === undefined || value === false) continue;
    if (value !== true) throw new TypeError(`${where}: ${option} must be a boolean, got ${typeof value}`);
    directives.push(directive);
  }
  for (const [option, directive] of DURATIONS) {
    const value = options[option];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 2 ** 31 - 1) {
      throw new TypeError(
        `${where}: ${option} must be a whole number of seconds from 0 to 2^31-1, got ${quoteForLog(value)}`,
      );
    }
    directives.push(`${directive}=${value}`);
  }
  if (directives.length === 0) throw new TypeError(`${where}: give at least one directive`);
  return directives.join(', ');
}

/** The directives that only restrict caching: an error response keeps them (and only them). */
const RESTRICTIVE: ReadonlySet<keyof CacheControlOptions> = new Set(['private', 'noCache', 'noStore', 'noTransform']);

/**
 * The part of `options` that restricts caching (`private`, `no-cache`, `no-store`,
 * `no-transform`), for responses other than 2xx and 304: those must never be made more
 * cacheable than they are (a `max-age` on a 500), nor less private than the route says (a
 * 404 is cacheable by default, RFC 9110 15.1). `undefined` when nothing restricts.
 * Expects options `formatCacheControl` has accepted.
 */
export function restrictiveCacheControl(options: CacheControlOptions): string | undefined {
  const directives = FLAGS.filter(([option]) => RESTRICTIVE.has(option) && options[option] === true).map(
    ([, directive]) => directive,
  );
  return directives.length === 0 ? undefined : directives.join(', ');
}

/**
 * Django's `never_cache`: no cache may store the response, and a copy already stored must
 * not be used without revalidation.
 */
export const NEVER_CACHE_DIRECTIVES = 'private, no-cache, no-store, must-revalidate, max-age=0';

/** An `Expires` in the past, for HTTP/1.0 caches that do not read `Cache-Control`. */
export const EXPIRED = 'Thu, 01 Jan 1970 00:00:00 GMT';

const COMMA = 0x2c;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * Whether a `Cache-Control` field value holds `directive` (case-insensitive, with or without
 * an argument). `directive` is given in lower case.
 *
 * Reads the field as RFC 9111 5.2 writes it, `token [ "=" ( token / quoted-string ) ]`
 * members separated by commas, in one pass: a quoted argument is skipped whole, backslash
 * escapes included, so the directive names it lists (`private="a, no-store"`) are not
 * directives of the field. An argument that never closes its quote runs to the end.
 */
export function hasCacheDirective(fieldValue: string, directive: string): boolean {
  const length = fieldValue.length;
  let i = 0;
  while (i < length) {
    const start = i;
    let code = fieldValue.charCodeAt(i);
    while (i < length && code !== COMMA && code !== EQUALS) code = fieldValue.charCodeAt(++i);
    if (fieldValue.slice(start, i).trim().toLowerCase() === directive) return true;
    if (code === EQUALS) {
      code = fieldValue.charCodeAt(++i);
      while (code === SPACE || code === TAB) code = fieldValue.charCodeAt(++i);
      if (code === QUOTE) i = quotedStringEnd(fieldValue, i + 1);
      while (i < length && fieldValue.charCodeAt(i) !== COMMA) i++;
    }
    i++;
  }
  return false;
}

/** The index just past the quote that closes the quoted-string whose text begins at `from`, or the end. */
function quotedStringEnd(fieldValue: string, from: number): number {
  const length = fieldValue.length;
  for (let i = from; i < length; i++) {
    const code = fieldValue.charCodeAt(i);
    if (code === QUOTE) return i + 1;
    if (code === BACKSLASH) i++;
  }
  return length;
}
