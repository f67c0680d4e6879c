import { type ConditionalRouteOptions, assertConditionalOptions } from '../conditional.options';
import type { LastModifiedSources } from '../validator.types';
import { ConditionalRoute } from './conditional-route.decorator';
import {
  type LastModifiedFromResultOptions,
  isFromResponseOptions,
  lastModifiedFromResult,
  refuseRouteOptions,
} from './from-response';
import { validatorSources } from './validator-source';

/**
 * Gives a route (or every route of a controller) a Last-Modified.
 *
 * - **`@LastModified(validator)`**: evaluated before the handler runs against
 *   `If-Unmodified-Since` and `If-Modified-Since`, so a 304 or 412 never runs it; its value
 *   is sent as `Last-Modified` on GET/HEAD responses. Stacked with `@ETag(f)` it behaves
 *   exactly like `@Condition({ etag: f, lastModified: validator })`.
 * - **`@LastModified([element, ...])`**: the newest of several elements' values
 *   (django-conditional-views' `last_modified_elements`), all called together; the first is the
 *   resource's (when it returns nothing there is no Last-Modified), others that return nothing
 *   are left out.
 * - **`@LastModified()`** (or `@LastModified({ field: 'modified' })`): read after the handler
 *   from what it returned: the record's `updatedAt` (or `field`), the newest one of an array
 *   of records, or of a page object's `items`/`data`/`results` (or `listKeys`); a request
 *   not modified since then gets a bodiless 304. GET/HEAD routes only.
 *   **The newest item's timestamp misses deletions**: removing any record but the newest
 *   leaves it where it was, and a client's old copy, still listing the removed record, gets a
 *   304. For a list, return (or use as the validator) a modification time of the collection
 *   that every create, edit and delete updates in the same write, or fold a count or the ids
 *   into an ETag.
 *
 * @param lastModified a function `(request, context) => Date | number | null | undefined`
 * (sync or async), an `@Injectable()` class with a `lastModified()` method, or a list of them (elements).
 * @param options `requirePrecondition` and `validatorTimeout` for this route (see the module options).
 *
 * @example
 * ```ts
 * @Get(':id')
 * @LastModified((req) => blogs.newestEntryDate(req.params.id))
 * frontPage(@Param('id') id: string) { ... }
 *
 * @Get()
 * @LastModified({ field: 'modified' })
 * list() { return this.articles.findAll(); } // Last-Modified: the newest `modified`
 * ```
 */
export function LastModified(options?: LastModifiedFromResultOptions): ClassDecorator & MethodDecorator;
export function LastModified(
  lastModified: LastModifiedSources,
  options?: ConditionalRouteOptions,
): ClassDecorator & MethodDecorator;
export function LastModified(
  lastModified?: LastModifiedSources | LastModifiedFromResultOptions,
  options: ConditionalRouteOptions = {},
): ClassDecorator & MethodDecorator {
  if (isFromResponseOptions(lastModified) && !Array.isArray(lastModified)) {
    refuseRouteOptions(arguments.length, '@LastModified()');
    return ConditionalRoute({
      lastModified: lastModifiedFromResult((lastModified as LastModifiedFromResultOptions | undefined) ?? {}),
    });
  }
  const sources = validatorSources(lastModified, 'lastModified', '@LastModified()');
  assertConditionalOptions(options, '@LastModified()');
  return ConditionalRoute({ ...options, lastModified: sources as LastModifiedSources });
}
