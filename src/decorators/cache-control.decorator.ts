import { applyDecorators } from '@nestjs/common';
import { CACHE_FIELDS } from '../declarations/metadata-keys';
import {
  type CacheControlOptions,
  EXPIRED,
  NEVER_CACHE_DIRECTIVES,
  formatCacheControl,
  restrictiveCacheControl,
} from '../core/cache-control';
import type { CacheFields, Fields } from '../declarations/cache-fields';
import { DeclareOnce, bindGuardAndFilter } from './conditional-route.decorator';

/**
 * Sets `Cache-Control` on the successful responses of a route (or of every route of a
 * controller; a method's own overrides the class's): on its 2xx, and on every 304, early or
 * after the handler. Django's `cache_control`. Any other status (an error, a redirect) keeps
 * only the directives that restrict caching (`private`, `noCache`, `noStore`, `noTransform`),
 * so that no cache keeps a 500 for `maxAge` seconds, nor a private 404 in a shared cache.
 *
 * The value is checked and written once, at start-up: a mistake (`public` with `private`, a
 * negative or fractional `maxAge`, an unknown option) fails with a clear `TypeError`.
 *
 * @example
 * ```ts
 * @Get(':id')
 * @CacheControl({ public: true, maxAge: 60, staleWhileRevalidate: 30 })
 * @ETag((req) => versions.get(req.params.id))
 * findOne() { ... }
 * ```
 */
export function CacheControl(options: CacheControlOptions): ClassDecorator & MethodDecorator {
  const restrictive = restrictiveCacheControl(options);
  const fields: CacheFields = {
    onSuccess: [['Cache-Control', formatCacheControl(options, '@CacheControl()')]],
    onError: restrictive === undefined ? [] : [['Cache-Control', restrictive]],
  };
  return applyDecorators(
    DeclareOnce(CACHE_FIELDS, fields, 'cache fields (@CacheControl or @NeverCache)'),
    ...bindGuardAndFilter(),
  );
}

const NEVER_CACHE_HEADERS: Fields = [
  ['Cache-Control', NEVER_CACHE_DIRECTIVES],
  ['Expires', EXPIRED],
];
/** Never cached means never, whatever the status. */
const NEVER_CACHE_FIELDS: CacheFields = { onSuccess: NEVER_CACHE_HEADERS, onError: NEVER_CACHE_HEADERS };

/**
 * Django's `never_cache`: no cache may store the route's responses, and a stored copy must
 * be revalidated: `Cache-Control: private, no-cache, no-store, must-revalidate, max-age=0`
 * and an `Expires` in the past (for HTTP/1.0 caches), on every response of the route, errors
 * included. Early validators still answer 304; an ETag from the body (`@ETag()`) is not
 * computed, since `no-store` leaves nothing to revalidate.
 */
export function NeverCache(): ClassDecorator & MethodDecorator {
  return applyDecorators(
    DeclareOnce(CACHE_FIELDS, NEVER_CACHE_FIELDS, 'cache fields (@CacheControl or @NeverCache)'),
    ...bindGuardAndFilter(),
  );
}
