import { LAST_MODIFIED_ADDED } from '../declarations/metadata-keys';
import type { LastModifiedSource } from '../validator.types';
import { DeclareOnce } from './conditional-route.decorator';
import { validatorSources } from './validator-source';

/**
 * Adds elements to the Last-Modified of a route, or of every route of a controller, instead of
 * replacing it: the route's Last-Modified is the newest of its own validator's value and the
 * added elements' (django-conditional-views' `last_modified_elements`, such as a template's modification time
 * next to the record's).
 *
 * The same rules as `@AddToETag()`: added elements qualify a Last-Modified the route has and
 * never make one (a route without a Last-Modified validator, or whose Last-Modified is read
 * from the result, is skipped by class elements and refused for method elements), and when
 * the route's own validator returns nothing there is no Last-Modified. For one time that
 * applies to every route of the app (a release), the module's `earliestLastModified` option
 * is simpler.
 *
 * @param elements functions `(request, context) => Date | number | null | undefined` (sync or
 * async) or `@Injectable()` classes with a `lastModified()` method.
 *
 * @example
 * ```ts
 * @Controller('pages')
 * @AddToLastModified(() => layout.modifiedAt)
 * export class PagesController {
 *   @Get(':slug')
 *   @LastModified((req) => pages.updatedAt(req.params.slug))
 *   page() { ... }
 * }
 * ```
 */
export function AddToLastModified(...elements: LastModifiedSource[]): ClassDecorator & MethodDecorator {
  return DeclareOnce(
    LAST_MODIFIED_ADDED,
    validatorSources(elements, 'lastModified', '@AddToLastModified()'),
    '@AddToLastModified()',
  );
}
