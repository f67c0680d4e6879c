import { quoteForLog } from './core/log-text';
import type { RenderedValidation } from './core/rendered-response';
import { type RangeOptions, assertRangeOptions } from './ranges/range-options';

/** Options shared by the decorators and the module (where they are the defaults of every route). */
export interface ConditionalRouteOptions {
  /**
   * Refuse `PUT`, `PATCH` and `DELETE` requests that carry no precondition protecting against
   * a lost update (`If-Match`, a valid `If-Unmodified-Since`, or `If-None-Match: *`) with
   * `428 Precondition Required` (RFC 6585), before any validator or the handler runs.
   * @default false
   */
  requirePrecondition?: boolean;
  /**
   * The longest time, in milliseconds, the route's asynchronous validators may take together.
   * Past it the request fails with a `ValidatorTimeoutError` (a 500, logged with the route)
   * instead of hanging on a validator that never settles. Unset: no limit.
   * @default undefined
   */
  validatorTimeout?: number;
}

/** Options of `ConditionalModule.forRoot()` / `forRootAsync()`: the defaults of every conditional route, and more. */
export interface ConditionalModuleOptions extends ConditionalRouteOptions {
  /**
   * Conditional GET for every GET/HEAD route of the app, after the handler: Django's
   * `ConditionalGetMiddleware`. A 2xx response without an `ETag` gets one derived from its
   * body (weak, or strong with `{ strong: true }`), and a request whose `If-None-Match` or
   * `If-Modified-Since` matches the response's validators gets a bodiless 304. The same on
   * Express (whose own body ETag it replaces on every route) and Fastify. Routes with early
   * validators are answered before their handler as always, and their bodies are not hashed.
   * @default false
   */
  conditionalGet?: boolean | { strong?: boolean };
  /**
   * The limits of every `@Ranges()` route (a route's own options override them): how many
   * ranges, overlapping ranges and ranges out of order a request may ask for before it gets
   * the whole representation instead.
   * @default { maxRanges: 50, maxOverlapping: 2, maxOutOfOrder: 10 }
   */
  ranges?: RangeOptions;
  /**
   * The version of the app's representations (its release, or the commit it was built from),
   * mixed into every ETag made from validators (`combineEntityTags`), so that a deploy that
   * changes how a resource is rendered (a renamed field) also changes its ETag: clients holding
   * the old shape get a 200, never a 304. ETags from the body (`@ETag()`) and those a handler
   * sets itself are left alone. Writes: a tag from before the deploy no longer matches
   * `If-Match`, so such a write is a 412 and the client re-reads first (safe: nothing is lost).
   * `versionOf` still reads a version tag that leads the mixed tag. Handlers that send an ETag
   * themselves (a write's response) make it with `ValidatorElements.etag()`.
   * @default undefined (ETags are the validators' own)
   */
  representationVersion?: string;
  /**
   * The time the representations last changed (a release): every `Last-Modified` older than
   * it, from a validator or from `@LastModified()`'s result, is sent as it, the analogue of
   * Django's template modification time among the `last_modified_elements`. A client's copy
   * from before it gets a 200 on `If-Modified-Since`.
   * @default undefined
   */
  earliestLastModified?: Date | number;
  /**
   * How the guard ends a request it answers `304 Not Modified` before the handler.
   *
   * - `'exception'`: its promise rejects with a `NotModifiedException`, which the route's own
   *   `NotModifiedFilter` writes. The request ends as every guard's refusal does, through
   *   Nest's exception route, so whatever wraps Nest's route handler sees it end (as a
   *   rejection): OpenTelemetry's `@opentelemetry/instrumentation-nestjs-core`, and the APM
   *   agents built on it, record the controller's span of a 304 with an error status.
   * - `'direct'`: the guard writes the same 304 itself and leaves the promise Nest awaits from
   *   it pending for good; the pipes, interceptors and handler never run, and the request's
   *   pending promises are garbage once the 304 is sent. There is no exception route, which on
   *   Fastify is about a fifth of an early 304's instructions (BENCHMARKS.md, "An early 304
   *   rejected, not thrown"). The price: a wrapper of Nest's route handler never sees
   *   such a request end, so an OpenTelemetry span of the controller method is never ended
   *   and never exported; the HTTP server span, which ends with the response, is.
   *
   * Only the early 304 differs: a 412 or 428 is a rejection either way and goes through the app's
   * exception filters, and a 304 decided once the response is rendered (`@ETag()`,
   * `@Ranges()`) is answered as before.
   * @default 'exception'
   */
  earlyNotModified?: 'exception' | 'direct';
}

/** The module options with every default filled in, computed once. */
export interface ResolvedConditionalOptions {
  readonly requirePrecondition: boolean;
  readonly validatorTimeout: number | undefined;
  /** How every GET/HEAD response is validated once rendered; `undefined`: only where a route asks. */
  readonly conditionalGet: RenderedValidation | undefined;
  readonly representationVersion: string | undefined;
  /** Epoch milliseconds. */
  readonly earliestLastModified: number | undefined;
  /** Whether the guard writes an early 304 itself and holds the request (`earlyNotModified: 'direct'`). */
  readonly answersNotModifiedDirectly: boolean;
}

/**
 * Checks route or module options, throwing a `TypeError` that names `where` and the option.
 * Returns nothing: the options are read as they are, never copied or changed.
 */
export function assertConditionalOptions(options: ConditionalRouteOptions, where: string): void {
  const { requirePrecondition, validatorTimeout } = options;
  if (requirePrecondition !== undefined && typeof requirePrecondition !== 'boolean') {
    throw new TypeError(`${where}: requirePrecondition must be a boolean, got ${typeof requirePrecondition}`);
  }
  if (
    validatorTimeout !== undefined &&
    !(typeof validatorTimeout === 'number' && validatorTimeout > 0 && validatorTimeout <= 2 ** 31 - 1)
  ) {
    throw new TypeError(
      `${where}: validatorTimeout must be a number of milliseconds between 1 and 2^31-1, got ${quoteForLog(validatorTimeout)}`,
    );
  }
}

export function resolveConditionalOptions(options: ConditionalModuleOptions | undefined): ResolvedConditionalOptions {
  assertConditionalOptions(options ?? {}, 'ConditionalModule');
  if (options?.ranges !== undefined) assertRangeOptions(options.ranges, 'ConditionalModule: ranges');
  return {
    requirePrecondition: options?.requirePrecondition ?? false,
    validatorTimeout: options?.validatorTimeout,
    conditionalGet: resolveConditionalGet(options?.conditionalGet),
    representationVersion: resolveRepresentationVersion(options?.representationVersion),
    earliestLastModified: resolveEarliestLastModified(options?.earliestLastModified),
    answersNotModifiedDirectly: resolveEarlyNotModified(options?.earlyNotModified),
  };
}

function resolveEarlyNotModified(option: unknown): boolean {
  if (option === undefined || option === 'exception') return false;
  if (option === 'direct') return true;
  throw new TypeError(
    `ConditionalModule: earlyNotModified must be 'exception' or 'direct', got ${quoteForLog(option)}`,
  );
}

function resolveRepresentationVersion(option: unknown): string | undefined {
  if (option === undefined) return undefined;
  if (typeof option !== 'string' || option.length === 0) {
    throw new TypeError(
      `ConditionalModule: representationVersion must be a non-empty string (a release, a commit), got ${quoteForLog(option)}`,
    );
  }
  return option;
}

function resolveEarliestLastModified(option: unknown): number | undefined {
  if (option === undefined) return undefined;
  const epochMs = option instanceof Date ? option.getTime() : option;
  if (typeof epochMs !== 'number' || !Number.isFinite(epochMs) || epochMs < 0) {
    throw new TypeError(
      `ConditionalModule: earliestLastModified must be a valid Date or epoch milliseconds, got ${option instanceof Date ? 'an Invalid Date' : quoteForLog(option)}`,
    );
  }
  // HTTP dates have whole seconds; so does every Last-Modified raised to this one.
  return epochMs - (epochMs % 1000);
}

function resolveConditionalGet(option: ConditionalModuleOptions['conditionalGet']): RenderedValidation | undefined {
  if (option === undefined || option === false) return undefined;
  if (option === true) return { hashBody: true, strong: false, evaluate: true };
  const strong = typeof option === 'object' && option !== null ? option.strong : undefined;
  if (
    typeof option !== 'object' ||
    option === null ||
    Object.keys(option).some((key) => key !== 'strong') ||
    (strong !== undefined && typeof strong !== 'boolean')
  ) {
    throw new TypeError('ConditionalModule: conditionalGet must be true, false or { strong: boolean }');
  }
  return { hashBody: true, strong: strong ?? false, evaluate: true };
}
