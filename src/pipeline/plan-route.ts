import { RequestMethod } from '@nestjs/common';
import { NEEDS_ETAG, NEEDS_LAST_MODIFIED, NEEDS_NOTHING } from '../core/preconditions';
import { mergeVary } from '../core/vary';
import { ETagFromBody, LastModifiedFromResult, isFromResponse } from '../declarations/from-response';
import { type BoundValidator, HEADERS_REPEATED_ON_304, type RoutePlan } from '../request/route-plan';
import type { RouteDeclarations } from './route-declarations';

/*
 * From what a route declares to what the guard does on each request: pure functions over
 * plain values, table-tested in test/nest/plan-route.spec.ts. The validators arrive bound
 * (a class resolved from the injector by the wiring), so nothing here touches Nest.
 */

/** The module's defaults, and what the app's versioning adds to every route's `Vary`. */
export interface PlanDefaults {
  readonly requirePrecondition: boolean;
  readonly validatorTimeout: number | undefined;
  /** The module's `earliestLastModified` (epoch ms), for a Last-Modified read from the result. */
  readonly earliestLastModified?: number;
  /** The header `enableVersioning()` picks versions by, when it is one. */
  readonly versionHeader?: string;
}

/** The request methods whose responses a validator from the response can describe. */
const READING_METHODS: ReadonlySet<RequestMethod> = new Set([RequestMethod.GET, RequestMethod.HEAD, RequestMethod.ALL]);

/**
 * Whether the route serves GET or HEAD. A validator from the response on a method-level
 * decorator of any other route is a mistake (its response describes the change, not the
 * resource) and fails the start; on the class it simply does not apply there.
 */
export function readsRepresentation(declarations: RouteDeclarations): boolean {
  const { method, route } = declarations;
  if (method === undefined || READING_METHODS.has(method)) return true;
  if (isFromResponse(declarations.ownETag) || isFromResponse(declarations.ownLastModified)) {
    throw new Error(
      `nestjs-conditional: ${route} is a ${RequestMethod[method]} route; @ETag() and @LastModified() without a validator describe a GET/HEAD response. Give writes a validator that reads the current state, such as @ETag((req) => ...).`,
    );
  }
  return false;
}

/** Which validators of the route come from its rendered response (`NEEDS_*` bits). */
export function renderedKinds(declarations: RouteDeclarations): number {
  if (!readsRepresentation(declarations)) return NEEDS_NOTHING;
  let kinds = NEEDS_NOTHING;
  if (declarations.etag instanceof ETagFromBody) kinds |= NEEDS_ETAG;
  if (declarations.lastModified instanceof LastModifiedFromResult) kinds |= NEEDS_LAST_MODIFIED;
  return kinds;
}

/**
 * Whether some request of the route may be decided on its rendered response: a GET/HEAD
 * route with any validator (one from the response, or an early one that may return nothing).
 */
export function decidesOnRender(declarations: RouteDeclarations): boolean {
  return (
    readsRepresentation(declarations) && (declarations.etag !== undefined || declarations.lastModified !== undefined)
  );
}

/** The validators that run before the handler: declared, and not from the response. */
export function earlyValidatorSources(declarations: RouteDeclarations): { etag?: unknown; lastModified?: unknown } {
  const early = (source: unknown) => (source === undefined || isFromResponse(source) ? undefined : source);
  return { etag: early(declarations.etag), lastModified: early(declarations.lastModified) };
}

/** The elements of one early validator: the route's own (one, or a list), then those added to it. */
export interface ValidatorElementSources {
  readonly own: readonly unknown[];
  readonly added: readonly unknown[];
}

/**
 * The early validators of the route as elements: its own validator of each kind (a list is
 * its elements), with the `@AddToETag()` / `@AddToLastModified()` elements of the class, then
 * of the method. Added elements qualify a validator the route has and never make one: the
 * class's skip a route without one (or with one from the response), the method's fail the start.
 */
export function earlyValidatorElements(declarations: RouteDeclarations): {
  etag?: ValidatorElementSources;
  lastModified?: ValidatorElementSources;
} {
  const early = earlyValidatorSources(declarations);
  return {
    etag: elementsOf(declarations, early.etag, declarations.etag, declarations.addedETag, '@AddToETag()', 'ETag'),
    lastModified: elementsOf(
      declarations,
      early.lastModified,
      declarations.lastModified,
      declarations.addedLastModified,
      '@AddToLastModified()',
      'Last-Modified',
    ),
  };
}

function elementsOf(
  declarations: RouteDeclarations,
  early: unknown,
  declared: unknown,
  added: RouteDeclarations['addedETag'],
  decorator: string,
  field: string,
): ValidatorElementSources | undefined {
  if (early === undefined) {
    if (added.onMethod.length > 0) {
      const why = isFromResponse(declared)
        ? `its ${field} comes from the response, which already changes with everything the response shows`
        : `it has no ${field} validator of its own (added elements qualify a validator, they never make one)`;
      throw new Error(`nestjs-conditional: ${declarations.route} has ${decorator}, but ${why}.`);
    }
    return undefined;
  }
  return { own: Array.isArray(early) ? early : [early], added: [...added.onClass, ...added.onMethod] };
}

/** The route's plan, from its declarations, the module's defaults and its bound early validators. */
export function planRoute(
  declarations: RouteDeclarations,
  defaults: PlanDefaults,
  bound: { readonly etag?: BoundValidator; readonly lastModified?: BoundValidator } = {},
): RoutePlan {
  const { route, etag: etagSource, lastModified: lastModifiedSource } = declarations;
  const kinds = renderedKinds(declarations);
  const { etag, lastModified } = bound;
  const vary =
    defaults.versionHeader === undefined ? declarations.vary : [...declarations.vary, defaults.versionHeader];
  const hashBody = (kinds & NEEDS_ETAG) !== 0;
  const strong = etagSource instanceof ETagFromBody && etagSource.strong;
  return {
    route,
    etag,
    lastModified,
    validates: etag !== undefined || lastModified !== undefined || kinds !== NEEDS_NOTHING,
    renderedKinds: kinds,
    rendered:
      kinds === NEEDS_NOTHING
        ? undefined
        : {
            whenDeferred: { hashBody, strong, evaluate: true },
            whenDecidedEarly: { hashBody, strong, evaluate: false },
          },
    lastModifiedFromResult:
      lastModifiedSource instanceof LastModifiedFromResult && kinds & NEEDS_LAST_MODIFIED
        ? lastModifiedSource.fields
        : undefined,
    earliestLastModified: defaults.earliestLastModified,
    cacheFields: declarations.cacheFields,
    vary: vary.length === 0 ? undefined : vary,
    varyField: vary.length === 0 ? undefined : mergeVary(undefined, vary),
    requirePrecondition: declarations.requirePrecondition ?? defaults.requirePrecondition,
    validatorTimeout: declarations.validatorTimeout ?? defaults.validatorTimeout,
    notModifiedHeaders: declarations.declaredHeaders.filter(({ name }) =>
      HEADERS_REPEATED_ON_304.has(name.toLowerCase()),
    ),
  };
}
