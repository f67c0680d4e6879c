import type { Type } from '@nestjs/common';
import { type ConditionalRouteOptions, assertConditionalOptions } from '../conditional.options';
import type {
  ConditionProvider,
  ETagSource,
  ETagSources,
  LastModifiedSource,
  LastModifiedSources,
} from '../validator.types';
import { ConditionalRoute } from './conditional-route.decorator';
import { isValidatorClass } from '../declarations/validator-class';
import { validatorSources } from './validator-source';

/** The validators of `@Condition()`; at least one of `etag` and `lastModified`. */
export interface ConditionOptions extends ConditionalRouteOptions {
  /** The ETag validator: a function or an injectable class with an `etag()` method, or a list of them (elements). */
  etag?: ETagSources;
  /** The Last-Modified validator: a function or an injectable class with a `lastModified()` method, or a list of them. */
  lastModified?: LastModifiedSources;
}

/**
 * Makes a route (or every route of a controller) conditional, the counterpart of Django's
 * `@condition(etag_func, last_modified_func)`: before the handler runs, the request's
 * `If-Match`, `If-Unmodified-Since`, `If-None-Match` and `If-Modified-Since` are evaluated
 * against the validators (RFC 9110 section 13.2.2) and the request is answered with
 * `304 Not Modified` (GET/HEAD) or `412 Precondition Failed` without running the handler.
 *
 * On a controller class it applies to every route; a method's own validator of the same
 * kind overrides the class's.
 *
 * @param condition the validators, or an `@Injectable()` class with `etag()` and/or
 * `lastModified()` methods, resolved from the application's injector.
 *
 * @example
 * ```ts
 * @Get(':id')
 * @Condition({
 *   etag: (req) => `v${entries.version(req.params.id)}`,
 *   lastModified: (req) => entries.updatedAt(req.params.id),
 * })
 * findOne(@Param('id') id: string) { ... }
 *
 * @Put(':id')
 * @Condition({ etag: EntryValidators, requirePrecondition: true })
 * update(...) { ... }
 * ```
 */
export function Condition(condition: ConditionOptions | Type<ConditionProvider>): ClassDecorator & MethodDecorator {
  if (typeof condition === 'function') {
    const etag = isValidatorClass(condition, 'etag') ? condition : undefined;
    const lastModified = isValidatorClass(condition, 'lastModified') ? condition : undefined;
    if (!etag && !lastModified) {
      throw new TypeError(
        `@Condition(): the class ${condition.name} has neither an etag() nor a lastModified() method`,
      );
    }
    return ConditionalRoute({ etag: etag as ETagSource, lastModified: lastModified as LastModifiedSource });
  }
  if (typeof condition !== 'object' || condition === null) {
    throw new TypeError(
      '@Condition(): expected { etag?, lastModified?, requirePrecondition?, validatorTimeout? } or an injectable class',
    );
  }
  const { etag, lastModified } = condition;
  if (etag === undefined && lastModified === undefined) {
    throw new TypeError('@Condition(): give at least one validator, etag or lastModified');
  }
  const spec = { ...condition };
  if (etag !== undefined) spec.etag = validatorSources(etag, 'etag', '@Condition()') as ETagSources;
  if (lastModified !== undefined) {
    spec.lastModified = validatorSources(lastModified, 'lastModified', '@Condition()') as LastModifiedSources;
  }
  assertConditionalOptions(condition, '@Condition()');
  return ConditionalRoute(spec);
}
