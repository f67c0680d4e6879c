import type { PreconditionOptions } from '../conditional.options';
import type { ETagSource } from '../validator.types';
import { ConditionalRoute } from './conditional-route.decorator';
import { assertRequirePrecondition, assertValidatorSource } from './validator-source';

/**
 * Gives a route (or every route of a controller) an ETag validator, evaluated before the
 * handler runs against `If-Match` and `If-None-Match`; its value is sent as `ETag` on
 * GET/HEAD responses.
 *
 * Stacked with `@LastModified(g)` it behaves exactly like `@Condition({ etag, lastModified: g })`.
 *
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
export function ETag(etag: ETagSource, options: PreconditionOptions = {}): ClassDecorator & MethodDecorator {
  assertValidatorSource(etag, 'etag', '@ETag()');
  assertRequirePrecondition(options.requirePrecondition, '@ETag()');
  return ConditionalRoute({ etag, requirePrecondition: options.requirePrecondition });
}
