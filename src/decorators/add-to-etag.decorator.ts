import { ETAG_ADDED } from '../declarations/metadata-keys';
import type { ETagSource } from '../validator.types';
import { DeclareOnce } from './conditional-route.decorator';
import { validatorSources } from './validator-source';

/**
 * Adds elements to the ETag of a route, or of every route of a controller, instead of
 * replacing it: the class-based counterpart of django-conditional-views' mixins and of Rails' `etag { ... }`.
 * A controller declares what every one of its routes varies with (the user) once; each route
 * keeps its own `@ETag()` / `@Condition({ etag })`, and its ETag combines both
 * (`combineEntityTags`: the route's own elements first, then the class's added ones, then the
 * method's).
 *
 * Added elements qualify an ETag the route has; they never make one:
 * - a route without an ETag validator gets none from them (a per-user tag alone would answer
 *   304 to every revalidation while the data changes); on the class they skip such routes,
 *   on a method they are a mistake and fail the start;
 * - when the route's own validator returns nothing (no such resource), there is no ETag,
 *   whatever the added elements return, so `If-None-Match: *` still creates;
 * - an ETag from the body (`@ETag()`) already changes with everything the body shows: class
 *   elements skip those routes, method elements fail the start.
 *
 * The elements are called together with the route's own, and only when the request needs the
 * ETag. Stacking rules stay those of the validators: one `@AddToETag()` per class or method.
 *
 * @param elements functions `(request, context) => string | null | undefined` (sync or async)
 * or `@Injectable()` classes with an `etag()` method.
 *
 * @example
 * ```ts
 * @Controller('me')
 * @UseGuards(AuthGuard)
 * @AddToETag((req) => `user-${req.user.id}`)
 * export class MeController {
 *   @Get('drafts')
 *   @ETag((req) => drafts.versionTag(req.user.id)) // ETag: "v12.<digest of the user>"
 *   drafts() { ... }
 * }
 * ```
 */
export function AddToETag(...elements: ETagSource[]): ClassDecorator & MethodDecorator {
  return DeclareOnce(ETAG_ADDED, validatorSources(elements, 'etag', '@AddToETag()'), '@AddToETag()');
}
