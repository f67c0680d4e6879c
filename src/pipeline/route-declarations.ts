import { type RequestMethod } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { CacheFields } from '../declarations/cache-fields';
import {
  CACHE_FIELDS,
  ETAG_ADDED,
  ETAG_VALIDATOR,
  LAST_MODIFIED_ADDED,
  LAST_MODIFIED_VALIDATOR,
  REQUIRE_PRECONDITION,
  VALIDATOR_TIMEOUT,
  VARY,
} from '../declarations/metadata-keys';
import type { DeclaredHeader } from '../request/route-plan';
import { HEADERS_METADATA, METHOD_METADATA } from '../upstream/nest';

/**
 * What one route declares, read from its metadata once, when the app starts: the method's
 * own value of each kind over the class's (`Reflector.getAllAndOverride`), `@Vary()` names of
 * both merged. A plain value: `planRoute` turns it into the route's plan without reflection.
 */
export interface RouteDeclarations {
  /** `Controller.method`, for error messages. */
  readonly route: string;
  /** The route's method; `undefined` for a handler Nest stores none for. */
  readonly method: RequestMethod | undefined;
  /** The ETag validator: a function, an injectable class, or `ETagFromBody`. */
  readonly etag: unknown;
  readonly lastModified: unknown;
  /** What the method itself declares of each kind, whatever the class says. */
  readonly ownETag: unknown;
  readonly ownLastModified: unknown;
  /** `@AddToETag()` elements: the class's, then the method's. */
  readonly addedETag: AddedElements;
  /** `@AddToLastModified()` elements: the class's, then the method's. */
  readonly addedLastModified: AddedElements;
  readonly requirePrecondition: boolean | undefined;
  readonly validatorTimeout: number | undefined;
  readonly cacheFields: CacheFields | undefined;
  readonly vary: readonly string[];
  /** Nest's `@Header()` fields of the route. */
  readonly declaredHeaders: readonly DeclaredHeader[];
}

/** Elements a class and a method add to a validator of the route. */
export interface AddedElements {
  readonly onClass: readonly unknown[];
  readonly onMethod: readonly unknown[];
}

function addedElements(key: string, controller: Function, handler: Function): AddedElements {
  return { onClass: Reflect.getMetadata(key, controller) ?? [], onMethod: Reflect.getMetadata(key, handler) ?? [] };
}

export function readRouteDeclarations(
  reflector: Reflector,
  controller: Function,
  handler: Function,
  route: string,
): RouteDeclarations {
  const targets = [handler, controller];
  return {
    route,
    method: Reflect.getMetadata(METHOD_METADATA, handler),
    etag: reflector.getAllAndOverride(ETAG_VALIDATOR, targets),
    lastModified: reflector.getAllAndOverride(LAST_MODIFIED_VALIDATOR, targets),
    ownETag: Reflect.getMetadata(ETAG_VALIDATOR, handler),
    ownLastModified: Reflect.getMetadata(LAST_MODIFIED_VALIDATOR, handler),
    addedETag: addedElements(ETAG_ADDED, controller, handler),
    addedLastModified: addedElements(LAST_MODIFIED_ADDED, controller, handler),
    requirePrecondition: reflector.getAllAndOverride(REQUIRE_PRECONDITION, targets),
    validatorTimeout: reflector.getAllAndOverride(VALIDATOR_TIMEOUT, targets),
    cacheFields: reflector.getAllAndOverride(CACHE_FIELDS, targets),
    vary: reflector.getAllAndMerge<string[]>(VARY, targets),
    declaredHeaders: Reflect.getMetadata(HEADERS_METADATA, handler) ?? [],
  };
}
