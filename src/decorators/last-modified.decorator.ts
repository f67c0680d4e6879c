import { ConditionalRouteOptions, assertConditionalOptions } from '../conditional.options';
import type { LastModifiedSource } from '../validator.types';
import { ConditionalRoute } from './conditional-route.decorator';
import { assertValidatorSource } from './validator-source';

/**
 * Gives a route (or every route of a controller) a Last-Modified validator, evaluated before
 * the handler runs against `If-Unmodified-Since` and `If-Modified-Since`; its value is sent
 * as `Last-Modified` on GET/HEAD responses.
 *
 * Stacked with `@ETag(f)` it behaves exactly like `@Condition({ etag: f, lastModified })`.
 *
 * @param options `requirePrecondition` and `validatorTimeout` for this route (see the module options).
 * @param lastModified a function `(request, context) => Date | number | null | undefined`
 * (sync or async), or an `@Injectable()` class with a `lastModified()` method.
 *
 * @example
 * ```ts
 * @Get(':id')
 * @LastModified((req) => blogs.newestEntryDate(req.params.id))
 * frontPage(@Param('id') id: string) { ... }
 * ```
 */
export function LastModified(
  lastModified: LastModifiedSource,
  options: ConditionalRouteOptions = {},
): ClassDecorator & MethodDecorator {
  assertValidatorSource(lastModified, 'lastModified', '@LastModified()');
  assertConditionalOptions(options, '@LastModified()');
  return ConditionalRoute({ ...options, lastModified });
}
