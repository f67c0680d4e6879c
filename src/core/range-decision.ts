import { type ByteRange, type ByteRangeLimits, parseByteRanges } from './byte-ranges';
import { type EntityTag } from './entity-tag';
import { ifRangeHolds } from './if-range';
import { type ConditionalRequest } from './preconditions';

/** What the range decision reads of the response the handler is about to send. */
export interface RangeableResponse {
  /** The status the response has without Range. */
  readonly status: number;
  /** The representation's length in bytes; `undefined` when it is not known in advance. */
  readonly length: number | undefined;
  /** The response's `Content-Encoding`, if any: a range of an encoded body is not the representation's. */
  readonly contentEncoding?: string;
  /** The current validators, for `If-Range`. */
  readonly etag?: EntityTag;
  /** Epoch milliseconds, whole seconds. */
  readonly lastModified?: number;
}

/**
 * - `full`: answer as if there were no Range (the 200, with `Accept-Ranges: bytes` when the
 *   route serves ranges).
 * - `partial`: 206 with these ranges: one is a single part, several a `multipart/byteranges`.
 * - `unsatisfiable`: 416 with `Content-Range: bytes *\/length`.
 */
export type RangeDecision =
  | { readonly kind: 'full' }
  | { readonly kind: 'partial'; readonly ranges: readonly ByteRange[] }
  | { readonly kind: 'unsatisfiable' };

const FULL: RangeDecision = { kind: 'full' };
const UNSATISFIABLE: RangeDecision = { kind: 'unsatisfiable' };

/**
 * Decides how a request's `Range` is answered (RFC 9110 section 14), once its preconditions
 * have let it through (a 304 or 412 is decided before and never reaches here).
 *
 * Range applies only to a GET whose answer would be a 200 with a known, non-zero length and
 * no `Content-Encoding`; HEAD, any other method or status, an unknown length, an empty or
 * encoded body: `full`. An `If-Range` that does not hold: `full` (13.1.5). Then the field is
 * read by `parseByteRanges` with `limits`. Total: never throws.
 *
 * @param nowMs the response's `Date`, for the `If-Range` date rule.
 */
export function decideRange(
  request: ConditionalRequest,
  response: RangeableResponse,
  limits?: ByteRangeLimits,
  nowMs: number = Date.now(),
): RangeDecision {
  const range = request.headers.range;
  if (request.method !== 'GET' || typeof range !== 'string') return FULL;
  const { status, length, contentEncoding } = response;
  if (status !== 200 || length === undefined || length <= 0) return FULL;
  if (contentEncoding !== undefined && contentEncoding.trim().toLowerCase() !== 'identity') return FULL;
  const ifRange = request.headers['if-range'];
  if (ifRange !== undefined && (typeof ifRange !== 'string' || !ifRangeHolds(ifRange, response, nowMs))) return FULL;
  const asked = parseByteRanges(range, length, limits);
  if (asked.kind === 'ignored') return FULL;
  return asked.kind === 'unsatisfiable' ? UNSATISFIABLE : { kind: 'partial', ranges: asked.ranges };
}
