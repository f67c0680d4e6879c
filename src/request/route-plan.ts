import type { ExecutionContext } from '@nestjs/common';
import type { CacheFields } from '../declarations/cache-fields';
import { toEntityTag } from '../core/entity-tag';
import { formatHttpDate, toLastModified } from '../core/http-date';
import { InvalidValidatorValueError } from '../core/invalid-validator-value.error';
import type { ModificationFields } from '../core/newest-modification';
import type { CurrentValidators } from '../core/preconditions';
import type { RenderedValidation } from '../core/rendered-response';
import type { ValidatorFieldNames } from '../platform/http-platform';

/** A validator ready to call: a function, or an injectable's method bound to its instance. */
export type BoundValidator = (request: unknown, context: ExecutionContext) => unknown;

/** A header the route declares with Nest's `@Header()`; its value may be computed per response. */
export interface DeclaredHeader {
  readonly name: string;
  readonly value: string | (() => string);
}

/**
 * Everything the guard needs to know about one conditional route, worked out once when the
 * app starts, so that a request costs two map look-ups and no reflection.
 */
export interface RoutePlan {
  /** `Controller.method`, for error messages. */
  readonly route: string;
  readonly etag?: BoundValidator;
  readonly lastModified?: BoundValidator;
  readonly requirePrecondition: boolean;
  /** Milliseconds the asynchronous validators may take together; `undefined`: no limit. */
  readonly validatorTimeout: number | undefined;
  /**
   * The `@Header()` fields a 304 must repeat from the 200 it stands for (RFC 9110 15.4.5):
   * Cache-Control, Expires, Vary, Content-Location. Nest writes `@Header()` only after the
   * guards, so the 304 sent from the guard would otherwise lose them.
   */
  readonly notModifiedHeaders: readonly DeclaredHeader[];
  /** Whether the route has any validator, before or after the handler; without one it only sets cache fields. */
  readonly validates: boolean;
  /**
   * How the rendered response is validated when a validator comes from it (`@ETag()`,
   * `@LastModified()`): for a request that waits for it, and for one decided before the
   * handler (only the body's ETag is left to derive). `undefined` when every validator runs
   * before the handler.
   */
  readonly rendered?: { readonly whenDeferred: RenderedValidation; readonly whenDecidedEarly: RenderedValidation };
  /** The validator kinds (`NEEDS_*` bits) known only once the handler has rendered the response. */
  readonly renderedKinds: number;
  /** Where `@LastModified()` reads the handler's result. */
  readonly lastModifiedFromResult?: ModificationFields;
  /** The module's `earliestLastModified` (epoch ms): a Last-Modified read from the result is never older. */
  readonly earliestLastModified?: number;
  /** `Cache-Control` (and `Expires`) from `@CacheControl()` / `@NeverCache()`. */
  readonly cacheFields?: CacheFields;
  /** Header names `@Vary()` adds to the response's `Vary`. */
  readonly vary?: readonly string[];
  /** `vary` as a field value, for the usual response that has no `Vary` yet. */
  readonly varyField?: string;
}

/**
 * The plan of a controller that shares a conditional route's handler without declaring
 * anything itself (the base class of a decorated controller): the guard lets it through.
 */
export function passThroughPlan(route: string): RoutePlan {
  return {
    route,
    requirePrecondition: false,
    validatorTimeout: undefined,
    notModifiedHeaders: [],
    validates: false,
    renderedKinds: 0,
  };
}

/** Whether a plan lets every request through untouched, as `passThroughPlan()`'s does. */
export function isPassThrough(plan: RoutePlan): boolean {
  return !plan.validates && !plan.requirePrecondition && plan.cacheFields === undefined && plan.vary === undefined;
}

/** Headers a 304 repeats from its 200, besides ETag and Last-Modified. */
export const HEADERS_REPEATED_ON_304: ReadonlySet<string> = new Set([
  'cache-control',
  'expires',
  'vary',
  'content-location',
]);

/**
 * Turns what the validators returned into current validators, refusing (never writing) a
 * value that could not be a header, with the route named in the error.
 */
export function toCurrentValidators(
  plan: RoutePlan,
  etag: unknown,
  lastModified: unknown,
  nowMs: number,
): CurrentValidators {
  return {
    etag: convert(plan, 'etag', etag, toEntityTag),
    lastModified: convert(plan, 'lastModified', lastModified, (value) => toLastModified(value, nowMs)),
  };
}

function convert<T>(plan: RoutePlan, kind: string, raw: unknown, to: (raw: unknown) => T): T | undefined {
  if (raw === null || raw === undefined) return undefined;
  try {
    return to(raw);
  } catch (error) {
    if (!(error instanceof InvalidValidatorValueError)) throw error;
    throw new InvalidValidatorValueError(
      `${plan.route}: the ${kind} validator returned a value that cannot be sent: ${error.message}`,
    );
  }
}

/** The `ETag` and `Last-Modified` fields for the current validators, named as the platform spells them. */
export function validatorHeaders(current: CurrentValidators, names: ValidatorFieldNames): Array<[string, string]> {
  // Written out rather than pushed: an array grown from empty by two pushes took a store of
  // 17 elements, on every decorated GET.
  const { etag, lastModified } = current;
  if (lastModified === undefined) return etag === undefined ? [] : [[names.etag, etag.value]];
  const lastModifiedField: [string, string] = [names.lastModified, formatHttpDate(lastModified)];
  return etag === undefined ? [lastModifiedField] : [[names.etag, etag.value], lastModifiedField];
}

/** The 304's fields: the validators, then the cache fields the route declares. */
export function notModifiedHeaders(
  plan: RoutePlan,
  current: CurrentValidators,
  names: ValidatorFieldNames,
): Array<[string, string]> {
  const headers = validatorHeaders(current, names);
  for (const { name, value } of plan.notModifiedHeaders) {
    headers.push([name, typeof value === 'function' ? value() : value]);
  }
  return headers;
}
