/*
 * Metadata keys, namespaced so that they never meet another library's. Private: the public
 * way to write them is the decorators, the public way to read them is the guard.
 */
export const ETAG_VALIDATOR = 'nestjs-conditional:etag';
export const LAST_MODIFIED_VALIDATOR = 'nestjs-conditional:last-modified';
/** `@AddToETag()` / `@AddToLastModified()`: elements added to a route's own validator, class and method both. */
export const ETAG_ADDED = 'nestjs-conditional:etag-added';
export const LAST_MODIFIED_ADDED = 'nestjs-conditional:last-modified-added';
export const REQUIRE_PRECONDITION = 'nestjs-conditional:require-precondition';
export const VALIDATOR_TIMEOUT = 'nestjs-conditional:validator-timeout';

/** `@CacheControl()` / `@NeverCache()`: the cache fields of a route's successful responses. */
export const CACHE_FIELDS = 'nestjs-conditional:cache-fields';
/** `@Vary()`: header names added to a route's `Vary`, class and method merged. */
export const VARY = 'nestjs-conditional:vary';
/** `@Ranges()`: the route serves range requests, with these limits. */
export const RANGES = 'nestjs-conditional:ranges';
