/*
 * Every Nest internal the library relies on, in one place. Nest offers no public way to do
 * these things; each is a reasonable reliance, named here with what it assumes, and pinned by
 * test/upstream/nest.spec.ts, which fails with a message naming the assumption when Nest
 * changes it (Nest 12 re-exports the keys from `@nestjs/common/internal` with "not part of
 * the public API"; the deep import below is the one both 11 and 12 serve).
 *
 * 1. Metadata keys. The enhancers a route binds (`@UseGuards`, `@UseFilters`,
 *    `@UseInterceptors`), its path, method, `@Header()`s, `@HttpCode()`, `@Sse()` and its
 *    parameter decorators are stored under these keys on the handler (or the class).
 * 2. When enhancer metadata is read. Nest reads a route's guard, filter and interceptor lists
 *    when it registers the routes: after every provider's constructor has run and before
 *    `onModuleInit`. The wiring reorders them in its constructor, so the reorder is what
 *    Nest sees.
 * 3. Filter order. Of a route's own filters, Nest tries the last bound first: the library's
 *    304 filter is moved last so that no catch-all filter of the route reshapes a 304.
 * 4. Versioning options. `app.enableVersioning()` keeps its options in the app's
 *    `ApplicationConfig`, which every module can inject, and `getVersioning()` returns them.
 * 5. A status an interceptor sets survives. `@Ranges()` sets 206 on the response and returns a
 *    `StreamableFile`; Nest's reply of it keeps that status rather than the route's 200.
 */
import type { VersioningOptions } from '@nestjs/common';
export {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  HEADERS_METADATA,
  HTTP_CODE_METADATA,
  INTERCEPTORS_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
  SSE_METADATA,
} from '@nestjs/common/constants';
export { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { ApplicationConfig } from '@nestjs/core';

/** The app's versioning options, as `app.enableVersioning()` set them (assumption 4). */
export function versioningOf(config: ApplicationConfig | undefined): VersioningOptions | undefined {
  return typeof config?.getVersioning === 'function' ? config.getVersioning() : undefined;
}
