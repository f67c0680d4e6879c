import { type ConditionalRouteOptions, assertConditionalOptions } from '../conditional.options';
import type { ETagSources } from '../validator.types';
import { ConditionalRoute } from './conditional-route.decorator';
import { type ETagFromBodyOptions, etagFromBody, isFromResponseOptions, refuseRouteOptions } from './from-response';
import { validatorSources } from './validator-source';

/**
 * Gives a route (or every route of a controller) an ETag.
 *
 * - **`@ETag(validator)`**: evaluated before the handler runs against `If-Match` and
 *   `If-None-Match`, so a 304 or 412 never runs it; its value is sent as `ETag` on GET/HEAD
 *   responses. Stacked with `@LastModified(g)` it behaves exactly like
 *   `@Condition({ etag: validator, lastModified: g })`.
 * - **`@ETag([element, ...])`**: several elements make one ETag (django-conditional-views' `etag_elements`),
 *   all called together when the request needs the ETag; see `combineEntityTags`.
 * - **`@ETag()`** (or `@ETag({ strong: true })`): for a route with no cheap validator, the
 *   ETag is derived from the bytes of the rendered body after the handler ran (weak by
 *   default), and a matching `If-None-Match` turns the response into a bodiless 304. It
 *   saves the bandwidth, not the handler's work. GET/HEAD routes only.
 *
 * @param etag a function `(request, context) => string | null | undefined` (sync or async),
 * an `@Injectable()` class with an `etag()` method, or a list of them (elements).
 * @param options `requirePrecondition` and `validatorTimeout` for this route (see the module options).
 *
 * @example
 * ```ts
 * @Get(':id')
 * @ETag((req) => `v${versions.get(req.params.id)}`)
 * findOne(@Param('id') id: string) { ... }
 *
 * @Get(':id/summary')
 * @ETag([(req) => `v${versions.get(req.params.id)}`, (req) => req.query.lang ?? 'en'])
 * summary(@Param('id') id: string) { ... }
 *
 * @Get('report')
 * @ETag()
 * report() { return this.reports.build(); }
 * ```
 */
export function ETag(options?: ETagFromBodyOptions): ClassDecorator & MethodDecorator;
export function ETag(etag: ETagSources, options?: ConditionalRouteOptions): ClassDecorator & MethodDecorator;
export function ETag(
  etag?: ETagSources | ETagFromBodyOptions,
  options: ConditionalRouteOptions = {},
): ClassDecorator & MethodDecorator {
  if (isFromResponseOptions(etag) && !Array.isArray(etag)) {
    refuseRouteOptions(arguments.length, '@ETag()');
    return ConditionalRoute({ etag: etagFromBody((etag as ETagFromBodyOptions | undefined) ?? {}) });
  }
  const sources = validatorSources(etag, 'etag', '@ETag()');
  assertConditionalOptions(options, '@ETag()');
  return ConditionalRoute({ ...options, etag: sources as ETagSources });
}
