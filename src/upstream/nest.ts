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
 * 5. A status the handler sets survives. `@Ranges()` sets 206 on the response and returns a
 *    `StreamableFile`; Nest's reply of it keeps that status rather than the route's 200.
 * 6. A handler can be replaced before the routes are registered (`wrapRouteHandler`). Nest
 *    registers the function it then finds on the controller's prototype, reads the route's
 *    metadata from that function, and builds its arguments from `ROUTE_ARGS_METADATA` on the
 *    class, keyed by method name (`"<RouteParamtypes>:<index>"` to `{ index, data, pipes }`,
 *    as `@Req()` and `@Res()` store them); `RESPONSE_PASSTHROUGH_METADATA` keeps a `@Res()`
 *    parameter from taking the reply over.
 * 7. A guard's pending promise holds the request where it stands. Nest awaits each guard's
 *    result (`GuardsConsumer.tryActivate`) before the next guard, the pipes, the interceptors
 *    and the handler, with no time limit and no reference to the awaiting chain kept anywhere
 *    else: a guard that has written the response itself and returns a promise that never
 *    settles ends the request with nothing more run, and the chain is garbage once the
 *    platform lets go of the request (`earlyNotModified: 'direct'`).
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
import { RESPONSE_PASSTHROUGH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';

/** The app's versioning options, as `app.enableVersioning()` set them (assumption 4). */
export function versioningOf(config: ApplicationConfig | undefined): VersioningOptions | undefined {
  return typeof config?.getVersioning === 'function' ? config.getVersioning() : undefined;
}

/** A route parameter as Nest's own decorators store it (assumption 6). */
interface RouteParam {
  readonly index: number;
  readonly data?: unknown;
  readonly pipes: unknown[];
}

const WRAPPED = Symbol('nestjs-conditional:wrapped-handler');

/**
 * Replaces `controller.prototype[methodName]` with `wrap`'s function, which Nest then calls
 * with the handler's own arguments followed by the request and the response (at the indexes
 * `wrap` is given); the handler's metadata is copied onto it, so Nest and the library read the
 * same route (assumption 6). Must run before the routes are registered: in a provider's
 * constructor. A handler wrapped already (a route a subclass inherits) is left as it is, and
 * a route that takes the reply over (`@Res()` or `@Next()` without `passthrough`) is refused,
 * since it sends its own answer.
 */
export function wrapRouteHandler(
  controller: Function,
  methodName: string,
  route: string,
  wrap: (handler: (...args: unknown[]) => unknown, requestIndex: number, responseIndex: number) => Function,
): void {
  const prototype = controller.prototype;
  const handler = prototype[methodName];
  if (handler[WRAPPED] === true) return;
  const params: Record<string, RouteParam> = Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, methodName) ?? {};
  const passthrough = Reflect.getMetadata(RESPONSE_PASSTHROUGH_METADATA, controller, methodName) === true;
  const paramtypes = Object.keys(params).map((key) => Number(key.split(':')[0]));
  if (!passthrough && paramtypes.some((type) => type === RouteParamtypes.RESPONSE || type === RouteParamtypes.NEXT)) {
    throw new Error(
      `nestjs-conditional: ${route} has @Ranges() and takes the reply over with @Res() or @Next(); return the body instead (or use @Res({ passthrough: true })).`,
    );
  }
  const taken = Math.max(handler.length, ...Object.values(params).map((param) => param.index + 1));
  const wrapper = wrap(handler, taken, taken + 1) as Function & { [WRAPPED]?: true };
  for (const key of Reflect.getOwnMetadataKeys(handler)) {
    Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, handler), wrapper);
  }
  Object.defineProperty(wrapper, 'name', { value: handler.name });
  wrapper[WRAPPED] = true;
  Object.defineProperty(prototype, methodName, {
    value: wrapper,
    writable: true,
    configurable: true,
    enumerable: false,
  });
  const added: Record<string, RouteParam> = {
    [`${RouteParamtypes.REQUEST}:${taken}`]: { index: taken, data: undefined, pipes: [] },
    [`${RouteParamtypes.RESPONSE}:${taken + 1}`]: { index: taken + 1, data: { passthrough: true }, pipes: [] },
  };
  Reflect.defineMetadata(ROUTE_ARGS_METADATA, { ...params, ...added }, controller, methodName);
  Reflect.defineMetadata(RESPONSE_PASSTHROUGH_METADATA, true, controller, methodName);
}

/**
 * What a guard returns to stop a request it has answered itself: a promise that never settles
 * (assumption 7). A new one per request: every `await` of a promise adds a reaction to it, so
 * one shared pending promise would keep a reaction, and its request, per request for good.
 */
export function heldRequest(): Promise<never> {
  return new Promise<never>(neverSettle);
}

function neverSettle(): void {
  // Neither resolved nor rejected: the request's answer is already written.
}
