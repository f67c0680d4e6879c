import { SetMetadata, UseFilters, UseGuards, UseInterceptors, applyDecorators } from '@nestjs/common';
import { ETAG_VALIDATOR, LAST_MODIFIED_VALIDATOR, REQUIRE_PRECONDITION, VALIDATOR_TIMEOUT } from '../conditional.constants';
import type { ConditionalRouteOptions } from '../conditional.options';
import { ConditionalGuard } from '../conditional.guard';
import { ConditionalInterceptor } from '../conditional.interceptor';
import { NotModifiedFilter } from '../exceptions/not-modified.filter';
import type { ETagSource, LastModifiedSource } from '../validator.types';

/** What one conditional decorator declares; absent keys leave the other decorators' untouched. */
export interface ConditionalRouteSpec extends ConditionalRouteOptions {
  etag?: ETagSource;
  lastModified?: LastModifiedSource;
}

/**
 * Marks a route (or every route of a controller) as conditional: stores the metadata, one
 * key per validator kind so that stacked decorators add up, and binds the guard,
 * interceptor and filter that act on it.
 *
 * The guard is bound here so that Nest registers it in the controller's module; the order
 * it runs in is fixed when the app starts (see `ConditionalRoutes`): last, after every
 * guard of the application, whatever order the decorators were written in.
 */
export function ConditionalRoute(spec: ConditionalRouteSpec): ClassDecorator & MethodDecorator {
  const metadata: MethodDecorator[] = [];
  if (spec.etag !== undefined) metadata.push(SetMetadata(ETAG_VALIDATOR, spec.etag));
  if (spec.lastModified !== undefined) metadata.push(SetMetadata(LAST_MODIFIED_VALIDATOR, spec.lastModified));
  if (spec.requirePrecondition !== undefined) metadata.push(SetMetadata(REQUIRE_PRECONDITION, spec.requirePrecondition));
  if (spec.validatorTimeout !== undefined) metadata.push(SetMetadata(VALIDATOR_TIMEOUT, spec.validatorTimeout));
  return applyDecorators(
    ...metadata,
    UseGuards(ConditionalGuard),
    UseInterceptors(ConditionalInterceptor),
    UseFilters(NotModifiedFilter),
  );
}
