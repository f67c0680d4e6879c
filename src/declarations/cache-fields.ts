/** Header fields, as they are written. */
export type Fields = ReadonlyArray<readonly [string, string]>;

/**
 * The cache fields a route declares (`@CacheControl()`, `@NeverCache()`): `Cache-Control`,
 * and `Expires` for `@NeverCache()`. A plain value, so that the plan and the guard read it
 * without importing the decorators.
 */
export interface CacheFields {
  /** On 2xx and 304 responses. */
  readonly onSuccess: Fields;
  /** What replaces them on any other status: only what restricts caching (possibly nothing). */
  readonly onError: Fields;
}
