import { applyDecorators } from '@nestjs/common';
import { VARY } from '../declarations/metadata-keys';
import { quoteForLog } from '../core/log-text';
import { isVaryName } from '../core/vary';
import { bindGuardAndFilter } from './conditional-route.decorator';

/**
 * Adds header names to the `Vary` of a route's responses (or of every route of a
 * controller; class and method names add up), on 200 and on every 304: Django's
 * `vary_on_headers`. Merged with what the response already has (a `Vary: Origin` from CORS,
 * `Accept-Encoding` from compression): each name once, case-insensitively; `*` absorbs all.
 *
 * A response that depends on a request header must say so, or a shared cache hands one
 * user's copy to another: `@Vary('Authorization')` on a per-user route, `@Vary('Accept-Language')`
 * on a translated one.
 *
 * @example
 * ```ts
 * @Get('me/entries')
 * @Vary('Authorization')
 * @CacheControl({ private: true, noCache: true })
 * myEntries() { ... }
 * ```
 */
export function Vary(...headerNames: string[]): ClassDecorator & MethodDecorator {
  if (headerNames.length === 0) throw new TypeError('@Vary(): give at least one header name');
  for (const name of headerNames) {
    if (!isVaryName(name)) {
      throw new TypeError(
        `@Vary(): ${quoteForLog(name)} is not a header name (letters, digits and !#$%&'*+-.^_\`|~ only), nor *`,
      );
    }
  }
  // Several @Vary() on one method or class add up, as the headers they name do.
  const addNames = (target: object, _key?: string | symbol, descriptor?: PropertyDescriptor): void => {
    const holder = descriptor === undefined ? target : descriptor.value;
    Reflect.defineMetadata(VARY, [...(Reflect.getOwnMetadata(VARY, holder) ?? []), ...headerNames], holder);
  };
  return applyDecorators(addNames as ClassDecorator & MethodDecorator, ...bindGuardAndFilter());
}
