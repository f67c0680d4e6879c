import { ConditionalRouteOptions, assertConditionalOptions } from '../conditional.options';
import type { ETagSource } from '../validator.types';
import { ConditionalRoute } from './conditional-route.decorator';
import { assertValidatorSource } from './validator-source';

/**
 * Gives a route (or every route of a controller) an ETag validator, evaluated before the
 * handler runs against `If-Match` and `If-None-Match`; its value is sent as `ETag` on
 * GET/HEAD responses.
 *
 * Stacked with `@LastModified(g)` it behaves exactly like `@Condition({ etag, lastModified: g })`.
 *
 * @param options `requirePrecondition` and `validatorTimeout` for this route (see the module options).
 * @param etag a function `(request, context) => string | null | undefined` (sync or async),
 * or an `@Injectable()` class with an `etag()` method.
 *
 * @example
 * ```ts
 * @Get(':id')
 * @ETag((req) => `v${versions.get(req.params.id)}`)
 * findOne(@Param('id') id: string) { ... }
 * ```
 */
export function ETag(etag: ETagSource, options: ConditionalRouteOptions = {}): ClassDecorator & MethodDecorator {
  assertValidatorSource(etag, 'etag', '@ETag()');
  assertConditionalOptions(options, '@ETag()');
  return ConditionalRoute({ ...options, etag });
}
