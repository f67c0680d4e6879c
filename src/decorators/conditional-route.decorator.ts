import { UseFilters, UseGuards, UseInterceptors, applyDecorators } from '@nestjs/common';
import {
  ETAG_VALIDATOR,
  LAST_MODIFIED_VALIDATOR,
  REQUIRE_PRECONDITION,
  VALIDATOR_TIMEOUT,
} from '../declarations/metadata-keys';
import type { ConditionalRouteOptions } from '../conditional.options';
import { ConditionalGuard } from '../request/conditional.guard';
import { ConditionalInterceptor } from '../request/conditional.interceptor';
import { NotModifiedFilter } from '../exceptions/not-modified.filter';
import type { ETagSources, LastModifiedSources } from '../validator.types';
import { type ETagFromBody, LastModifiedFromResult } from '../declarations/from-response';

/** What one conditional decorator declares; absent keys leave the other decorators' untouched. */
export interface ConditionalRouteSpec extends ConditionalRouteOptions {
  etag?: ETagSources | ETagFromBody;
  lastModified?: LastModifiedSources | LastModifiedFromResult;
}

/**
 * Marks a route (or every route of a controller) as conditional: stores the metadata, one
 * key per validator kind so that stacked decorators add up (and a kind given twice is an
 * error), and binds the guard and the 304 filter that act on it. The interceptor is bound
 * only where a Last-Modified is read from the handler's result (`@LastModified()`): Nest's
 * interceptor machinery alone costs about as much as a trivial route, and for everything
 * else the guard can do all the work.
 *
 * The guard is bound here so that Nest registers it in the controller's module; the order
 * it runs in is fixed when the app starts (see `ConditionalRouteWiring`): last, after every
 * guard of the application, whatever order the decorators were written in.
 */
export function ConditionalRoute(spec: ConditionalRouteSpec): ClassDecorator & MethodDecorator {
  const metadata: Array<ClassDecorator & MethodDecorator> = [];
  if (spec.etag !== undefined) metadata.push(DeclareOnce(ETAG_VALIDATOR, spec.etag, 'an ETag validator'));
  if (spec.lastModified !== undefined) {
    metadata.push(DeclareOnce(LAST_MODIFIED_VALIDATOR, spec.lastModified, 'a Last-Modified validator'));
  }
  if (spec.requirePrecondition !== undefined) {
    metadata.push(DeclareOnce(REQUIRE_PRECONDITION, spec.requirePrecondition, 'requirePrecondition'));
  }
  if (spec.validatorTimeout !== undefined)
    metadata.push(DeclareOnce(VALIDATOR_TIMEOUT, spec.validatorTimeout, 'validatorTimeout'));
  if (spec.lastModified instanceof LastModifiedFromResult) metadata.push(UseInterceptors(ConditionalInterceptor));
  return applyDecorators(...metadata, ...bindGuardAndFilter());
}

/** The guard and the 304 filter, which every conditional or cache decorator binds. */
export function bindGuardAndFilter(): Array<ClassDecorator & MethodDecorator> {
  return [UseGuards(ConditionalGuard), UseFilters(NotModifiedFilter)];
}

/**
 * `SetMetadata`, refusing a second, different value on the same method or class: with two
 * `@ETag()` (or an `@ETag()` and a `@Condition({ etag })`) one would silently win.
 */
export function DeclareOnce(key: string, value: unknown, what: string): ClassDecorator & MethodDecorator {
  const decorate = (target: object, propertyKey?: string | symbol, descriptor?: PropertyDescriptor): void => {
    const holder = descriptor === undefined ? target : descriptor.value;
    if (Reflect.hasOwnMetadata(key, holder) && Reflect.getOwnMetadata(key, holder) !== value) {
      const place =
        descriptor === undefined ? (target as Function).name : `${target.constructor.name}.${String(propertyKey)}`;
      throw new TypeError(`nestjs-conditional: ${place} declares ${what} twice; keep one decorator for it`);
    }
    Reflect.defineMetadata(key, value, holder);
  };
  return decorate as ClassDecorator & MethodDecorator;
}
