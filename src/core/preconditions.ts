import { type EntityTag, isWildcard, listMatchesStrongly, listMatchesWeakly } from './entity-tag';
import { parseHttpDate } from './http-date';

/**
 * The part of a request that preconditions read: its method (upper case, as Node gives it)
 * and its headers (lower-case names, as Node gives them; Express and Fastify share the object).
 */
export interface ConditionalRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/**
 * The current validators of the selected representation. A missing one means the validator
 * returned `null`/`undefined`; with neither, the resource has no current representation.
 */
export interface CurrentValidators {
  readonly etag?: EntityTag;
  /** Epoch milliseconds, whole seconds (see `toLastModified`). */
  readonly lastModified?: number;
}

/** What RFC 9110 section 13.2.2 says to do with the request. */
export type PreconditionOutcome = 'proceed' | 'not-modified' | 'precondition-failed';

/** Bit flags telling which validators an evaluation (and the response) will read. */
export const NEEDS_NOTHING = 0;
export const NEEDS_ETAG = 1;
export const NEEDS_LAST_MODIFIED = 2;
export const NEEDS_BOTH = NEEDS_ETAG | NEEDS_LAST_MODIFIED;

/** RFC 9110 13.2.1: conditional header fields are ignored for these methods. */
function ignoresPreconditions(method: string): boolean {
  return method === 'OPTIONS' || method === 'CONNECT' || method === 'TRACE';
}

/** GET and HEAD: the methods answered with 304, and whose responses carry the validators. */
export function isGetOrHead(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

/** Node joins repeated list headers into one string; other sources may hand an array. */
function listField(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' || value === undefined ? value : value.join(', ');
}

/** A date header must be a single HTTP-date; several values make it "not a date". */
function dateField(value: string | string[] | undefined, nowMs: number): number | undefined {
  if (typeof value !== 'string') return undefined;
  return parseHttpDate(value, nowMs);
}

/**
 * Which validators must be computed for this request: both on GET/HEAD (the response sends
 * them), none on OPTIONS/CONNECT/TRACE, and on other methods only those the request's
 * conditional headers will compare. `*` asks whether a representation exists, which either
 * validator can tell.
 */
export function validatorsNeeded(request: ConditionalRequest, nowMs: number = Date.now()): number {
  return isGetOrHead(request.method) ? NEEDS_BOTH : validatorsCompared(request, nowMs);
}

/**
 * Which validators the request's conditional headers compare (what evaluation will read),
 * whatever the response sends: `If-Match` and `If-None-Match` an ETag (`*` either),
 * `If-Unmodified-Since` and, on GET/HEAD, `If-Modified-Since` a Last-Modified, each only
 * where RFC 9110 13.2.2 would evaluate it. A route whose validators come partly from the
 * rendered response must wait for it when the request compares one of those.
 */
export function validatorsCompared(request: ConditionalRequest, nowMs: number = Date.now()): number {
  const { method, headers } = request;
  if (ignoresPreconditions(method)) return NEEDS_NOTHING;
  let needs = NEEDS_NOTHING;
  const ifMatch = listField(headers['if-match']);
  if (ifMatch !== undefined) needs |= isWildcard(ifMatch) ? NEEDS_BOTH : NEEDS_ETAG;
  else if (dateField(headers['if-unmodified-since'], nowMs) !== undefined) needs |= NEEDS_LAST_MODIFIED;
  const ifNoneMatch = listField(headers['if-none-match']);
  if (ifNoneMatch !== undefined) needs |= isWildcard(ifNoneMatch) ? NEEDS_BOTH : NEEDS_ETAG;
  else if (isGetOrHead(method) && dateField(headers['if-modified-since'], nowMs) !== undefined)
    needs |= NEEDS_LAST_MODIFIED;
  return needs;
}

/**
 * Whether the request could be answered `304 Not Modified`: a GET or HEAD carrying
 * `If-None-Match` or a valid `If-Modified-Since`. A 304 must carry the ETag its 200 would
 * have (RFC 9110 15.4.5), so a route whose ETag comes from the body decides such a request
 * only once the body exists.
 */
export function mayBeNotModified(request: ConditionalRequest, nowMs: number = Date.now()): boolean {
  const { method, headers } = request;
  if (!isGetOrHead(method)) return false;
  return headers['if-none-match'] !== undefined || dateField(headers['if-modified-since'], nowMs) !== undefined;
}

/**
 * Whether a state-changing request (PUT, PATCH, DELETE) lacks a precondition that protects
 * against a lost update, so that an endpoint demanding one answers
 * `428 Precondition Required` (RFC 6585 section 3).
 *
 * Protecting preconditions pin the state the client last saw, or its absence: `If-Match`
 * naming entity tags, a valid `If-Unmodified-Since`, or `If-None-Match: *` (create only if
 * absent). `If-Match: *` and `If-None-Match: "x"` do not: both let a client overwrite
 * whatever is there.
 *
 * Call it twice: without `current`, before any validator runs (the cheap check); with the
 * validators, once they are known, to also refuse an `If-Unmodified-Since` that evaluation
 * would ignore because the resource has no Last-Modified.
 */
export function lacksRequiredPrecondition(
  request: ConditionalRequest,
  current?: CurrentValidators,
  nowMs: number = Date.now(),
): boolean {
  const { method, headers } = request;
  if (method !== 'PUT' && method !== 'PATCH' && method !== 'DELETE') return false;
  const ifMatch = listField(headers['if-match']);
  if (ifMatch !== undefined && !isWildcard(ifMatch)) return false;
  const ifNoneMatch = listField(headers['if-none-match']);
  if (ifNoneMatch !== undefined && isWildcard(ifNoneMatch)) return false;
  const unmodifiedSinceCounts = ifMatch === undefined && (current === undefined || current.lastModified !== undefined);
  return !(unmodifiedSinceCounts && dateField(headers['if-unmodified-since'], nowMs) !== undefined);
}

/**
 * Whether a GET or HEAD must be decided on the handler's response: none of its validators
 * gave a value, yet the request carries a conditional header that evaluation would read
 * (RFC 9110 13.2.1). Whether a current representation exists is then known only from the
 * handler: a 2xx says it does (see {@link evaluateAgainstRepresentation}), anything else is
 * the answer as it is (a 404 wins). `false` for any other request, so the common one (no
 * conditional header, or a validator with a value) is decided before the handler as always.
 */
export function needsRenderedDecision(
  request: ConditionalRequest,
  current: CurrentValidators,
  nowMs: number = Date.now(),
): boolean {
  return (
    current.etag === undefined &&
    current.lastModified === undefined &&
    isGetOrHead(request.method) &&
    validatorsCompared(request, nowMs) !== NEEDS_NOTHING
  );
}

/**
 * Evaluates the request's preconditions against the current validators, in the order of
 * RFC 9110 section 13.2.2:
 *
 * 1. `If-Match` (strong comparison; `*` = a representation exists) - false: 412.
 * 2. otherwise `If-Unmodified-Since`, when valid and a Last-Modified is known - false: 412.
 * 3. `If-None-Match` (weak comparison; `*` = a representation exists) - false: 304 on
 *    GET/HEAD, 412 on any other method.
 * 4. otherwise, on GET/HEAD, `If-Modified-Since`, when valid and a Last-Modified is known -
 *    false: 304.
 *
 * A representation exists when some validator has a value. Conditional headers are ignored
 * on OPTIONS, CONNECT and TRACE, and on a GET or HEAD with no validator value: whether that
 * request's representation exists is known only from the handler's response (RFC 9110
 * 13.2.1; {@link needsRenderedDecision} says when to ask it). Malformed list members are
 * dropped; an invalid date makes its header be ignored. Total: never throws for any input.
 *
 * @param nowMs the current time, used only to read RFC 850 two-digit years.
 */
export function evaluatePreconditions(
  request: ConditionalRequest,
  current: CurrentValidators,
  nowMs: number = Date.now(),
): PreconditionOutcome {
  const exists = current.etag !== undefined || current.lastModified !== undefined;
  if (!exists && isGetOrHead(request.method)) return 'proceed';
  return evaluate(request, current, exists, nowMs);
}

/**
 * {@link evaluatePreconditions} for a GET or HEAD whose handler has answered 2xx: a current
 * representation exists, with or without validators, so `If-Match: *` holds, `If-None-Match: *`
 * gives 304, and a listed `If-Match` that no ETag can match gives 412 (RFC 9110 13.1.1, 13.1.2).
 */
export function evaluateAgainstRepresentation(
  request: ConditionalRequest,
  current: CurrentValidators,
  nowMs: number = Date.now(),
): PreconditionOutcome {
  return evaluate(request, current, true, nowMs);
}

function evaluate(
  request: ConditionalRequest,
  current: CurrentValidators,
  exists: boolean,
  nowMs: number,
): PreconditionOutcome {
  const { method, headers } = request;
  if (ignoresPreconditions(method)) return 'proceed';
  const { etag, lastModified } = current;
  const safe = isGetOrHead(method);

  const ifMatch = listField(headers['if-match']);
  if (ifMatch !== undefined) {
    const holds = isWildcard(ifMatch) ? exists : etag !== undefined && listMatchesStrongly(ifMatch, etag);
    if (!holds) return 'precondition-failed';
  } else if (lastModified !== undefined) {
    const unmodifiedSince = dateField(headers['if-unmodified-since'], nowMs);
    if (unmodifiedSince !== undefined && lastModified > unmodifiedSince) return 'precondition-failed';
  }

  const ifNoneMatch = listField(headers['if-none-match']);
  if (ifNoneMatch !== undefined) {
    const matches = isWildcard(ifNoneMatch) ? exists : etag !== undefined && listMatchesWeakly(ifNoneMatch, etag);
    if (matches) return safe ? 'not-modified' : 'precondition-failed';
  } else if (safe && lastModified !== undefined) {
    const modifiedSince = dateField(headers['if-modified-since'], nowMs);
    if (modifiedSince !== undefined && lastModified <= modifiedSince) return 'not-modified';
  }
  return 'proceed';
}
