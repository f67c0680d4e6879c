import { bodyEntityTag } from './body-entity-tag';
import { hasCacheDirective } from './cache-control';
import { type EntityTag, toEntityTag } from './entity-tag';
import { parseHttpDate } from './http-date';
import {
  type ConditionalRequest,
  type CurrentValidators,
  type PreconditionOutcome,
  evaluateAgainstRepresentation,
  isGetOrHead,
} from './preconditions';

/** What validation after the handler reads of the response about to be sent. */
export interface RenderedResponse {
  readonly status: number;
  /** The response's `ETag` field, when it has one (the handler's, or an early validator's). */
  readonly etag?: string;
  /** The response's `Last-Modified` field, when it has one. */
  readonly lastModified?: string;
  readonly cacheControl?: string;
}

/** How a rendered response is validated. */
export interface RenderedValidation {
  /** Derive an ETag from the body when the response has none (`@ETag()` without a validator). */
  readonly hashBody: boolean;
  /** A strong ETag from the body instead of a weak one. */
  readonly strong: boolean;
  /**
   * Evaluate the request's preconditions against the response; `false` when they were
   * evaluated before the handler and only the body's ETag is still to be derived.
   */
  readonly evaluate: boolean;
}

/** The outcome, and the ETag derived from the body to send, if one was. */
export interface RenderedDecision {
  readonly outcome: PreconditionOutcome;
  readonly etag?: string;
}

const PROCEED: RenderedDecision = { outcome: 'proceed' };

/**
 * Evaluates the request's preconditions against a response the handler has rendered, just
 * before it is sent: Django's `ConditionalGetMiddleware`, by the rules of RFC 9110 13.2.2.
 *
 * Validation is skipped (`proceed`, nothing derived) where it would be wrong: methods other
 * than GET and HEAD (their responses describe the change, not the resource) and a status
 * other than 2xx (an error or a redirect is not the representation). The body is not hashed
 * where that would be wasteful: under `Cache-Control: no-store` (nothing may keep the body
 * to revalidate it), when the response carries an ETag (it is kept and compared), or when
 * the body is not in memory (`undefined`: a stream). The response's other validators are
 * still evaluated then, as Django's `ConditionalGetMiddleware` does.
 *
 * A 2xx is a current representation (RFC 9110 13.2.1), whether or not the response carries
 * a validator: `If-None-Match: *` gives `not-modified`, a listed `If-Match` that no ETag
 * matches `precondition-failed`. The validators are read back from the response fields
 * (the handler's own, an early validator's, or the body's); one that is malformed counts as
 * absent. Total: never throws.
 */
export function evaluateRenderedResponse(
  request: ConditionalRequest,
  response: RenderedResponse,
  body: string | Uint8Array | undefined,
  validation: RenderedValidation,
  nowMs: number = Date.now(),
): RenderedDecision {
  const { status } = response;
  if (!isGetOrHead(request.method) || status < 200 || status > 299) return PROCEED;
  let etag = readEntityTag(response.etag);
  let derived: string | undefined;
  if (body !== undefined && hashesBody(response, validation)) {
    etag = bodyEntityTag(body, validation.strong);
    derived = etag.value;
  }
  if (!validation.evaluate) return derived === undefined ? PROCEED : { outcome: 'proceed', etag: derived };
  const lastModified = response.lastModified === undefined ? undefined : parseHttpDate(response.lastModified, nowMs);
  const current: CurrentValidators = { etag, lastModified };
  const outcome = evaluateAgainstRepresentation(request, current, nowMs);
  return derived === undefined ? { outcome } : { outcome, etag: derived };
}

/**
 * Whether {@link evaluateRenderedResponse} derives this response's ETag from its body (when
 * it has one in memory): `@ETag()` without a validator, a response with no ETag of its own,
 * and no `Cache-Control: no-store`. Where the platform's send takes bytes as it takes a
 * string (Express's own `send`), a string body is encoded once, before the call, when this
 * says it will be hashed, and those same bytes are sent.
 */
export function hashesBody(response: RenderedResponse, validation: RenderedValidation): boolean {
  const { cacheControl } = response;
  return (
    validation.hashBody &&
    response.etag === undefined &&
    (cacheControl === undefined || !hasCacheDirective(cacheControl, 'no-store'))
  );
}

function readEntityTag(field: string | undefined): EntityTag | undefined {
  if (field === undefined) return undefined;
  try {
    return toEntityTag(field);
  } catch {
    return undefined;
  }
}
