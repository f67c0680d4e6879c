import { NotFoundException, PreconditionFailedException, StreamableFile } from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { isObservable, mergeMap } from 'rxjs';
import { comparedValidatorsOf } from '../request/compared-validators';
import { formatContentRange, unsatisfiedContentRange } from '../core/byte-ranges';
import { formatHttpDate } from '../core/http-date';
import { multipartByteranges } from '../core/multipart-byteranges';
import { type CurrentValidators, evaluatePreconditions, isGetOrHead } from '../core/preconditions';
import { decideRange } from '../core/range-decision';
import { notModified } from '../exceptions/not-modified.exception';
import { isPromiseLike } from '../request/promise-like';
import { multipartStream } from './range-body-stream';
import type { RangeOptions } from './range-options';
import { ForwardStreamBody, type RangeableBody } from './rangeable-body';
import { RangeNotSatisfiableException } from './range-not-satisfiable.exception';
import { toRangeableBody } from './to-rangeable-body';

const OCTET_STREAM = 'application/octet-stream';

/**
 * Answers a `@Ranges()` route's requests from the body its handler returned (RFC 9110 section
 * 14): the whole body (200, `Accept-Ranges: bytes`), one range (206 with `Content-Range`),
 * several (206 `multipart/byteranges`), or none satisfiable (416). The preconditions come
 * first: a route with validators of its own has had them decided by `ConditionalGuard` before
 * the handler; for a file without them, its size and modification time are the validators and
 * are decided here (304, or a 412 through the app's exception filters). `If-Range` is
 * compared with the same validators.
 *
 * It runs as part of the route's handler (`ConditionalRouteWiring` wraps it at start-up, see
 * `wrapRouteHandler`), not as an interceptor: on Nest 11 an interceptor costs a route about
 * 60-90 us per request (bench scenario I), more than the rest of a 64 KiB range. So what it
 * returns, a `StreamableFile`, is what the app's own interceptors see, and what it throws goes
 * through them and the app's exception filters as the handler's own exceptions do.
 *
 * Nothing is opened before the answer is known, and what is opened is closed when the answer
 * ends or is not sent at all; a client that goes away has the stream destroyed by Nest's
 * adapters (every supported version; test/e2e/ranges-leaks.e2e.spec.ts counts the descriptors).
 */
export class RangeResponder {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** The handler's result (a value, a promise of one, or an Observable of them), answered. */
  respond(request: any, response: any, result: unknown, limits: RangeOptions): unknown {
    if (isObservable(result)) return result.pipe(mergeMap((value) => this.answer(request, response, value, limits)));
    if (isPromiseLike(result))
      return Promise.resolve(result).then((value) => this.answer(request, response, value, limits));
    return this.answer(request, response, result, limits);
  }

  private async answer(request: any, response: any, result: unknown, limits: RangeOptions): Promise<unknown> {
    const body = toRangeableBody(result);
    if (body === undefined) return result;
    let released = false;
    const release = () => {
      if (!released) body.release();
      released = true;
    };
    try {
      return await this.answerWith(body, request, response, limits, () => (released = true));
    } finally {
      release();
    }
  }

  private async answerWith(
    body: RangeableBody,
    request: any,
    response: any,
    limits: RangeOptions,
    sent: () => void,
  ): Promise<unknown> {
    const adapter = this.adapterHost.httpAdapter;
    const facts = await body.facts().catch((error: NodeJS.ErrnoException) => {
      if (error?.code === 'ENOENT' || error?.code === 'ENOTDIR') throw new NotFoundException();
      throw error;
    });
    const nowMs = Date.now();
    const decidedByGuard = comparedValidatorsOf(request);
    const current: CurrentValidators = decidedByGuard ?? { etag: facts.etag, lastModified: facts.lastModified };
    if (isGetOrHead(request.method) && decidedByGuard === undefined) {
      // The body's own validators (a file's): sent, and decided here, as the guard would have.
      const fields: Array<[string, string]> = [];
      if (current.etag !== undefined && response.getHeader('ETag') === undefined)
        fields.push(['ETag', current.etag.value]);
      if (current.lastModified !== undefined && response.getHeader('Last-Modified') === undefined) {
        fields.push(['Last-Modified', formatHttpDate(current.lastModified)]);
      }
      const outcome = evaluatePreconditions(request, current, nowMs);
      if (outcome === 'precondition-failed') throw new PreconditionFailedException();
      for (const [name, value] of fields) adapter.setHeader(response, name, value);
      if (outcome === 'not-modified') throw notModified(fields);
    }
    const { length } = facts;
    const contentType = (response.getHeader('Content-Type') as string | undefined) ?? body.contentType ?? OCTET_STREAM;
    adapter.setHeader(response, 'Accept-Ranges', 'bytes');
    let decision = decideRange(
      request,
      { status: response.statusCode, length, contentEncoding: response.getHeader('Content-Encoding'), ...current },
      limits,
      nowMs,
    );
    // A stream handed in is read once, from its start: several ranges would need it again.
    if (decision.kind === 'partial' && decision.ranges.length > 1 && body instanceof ForwardStreamBody)
      decision = { kind: 'full' };
    if (decision.kind === 'unsatisfiable') {
      adapter.setHeader(response, 'Content-Range', unsatisfiedContentRange(length));
      throw new RangeNotSatisfiableException(length);
    }
    this.setContentType(response, contentType);
    let stream: Readable;
    let sentLength: number;
    if (decision.kind === 'full') {
      sentLength = length;
      stream = length === 0 ? emptyStream() : body.open(0, length - 1);
    } else if (decision.ranges.length === 1) {
      const [range] = decision.ranges;
      sentLength = range.end - range.start + 1;
      adapter.status(response, 206);
      adapter.setHeader(response, 'Content-Range', formatContentRange(range, length));
      stream = body.open(range.start, range.end);
    } else {
      const framing = multipartByteranges(decision.ranges, length, contentType, randomBytes(12).toString('hex'));
      sentLength = framing.contentLength;
      adapter.status(response, 206);
      this.setContentType(response, framing.contentType);
      stream = multipartStream(body, framing);
    }
    sent();
    adapter.setHeader(response, 'Content-Length', String(sentLength));
    return new StreamableFile(stream, { length: sentLength });
  }

  /**
   * Express's `res.set()` (what its adapter's `setHeader` calls) appends `; charset=utf-8` to
   * text types; Node's own `setHeader` keeps the value as given, as Fastify does, so that the
   * 200, the 206 and each multipart part say the same type on both platforms.
   */
  private setContentType(response: any, value: string): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter.getType() === 'express') response.setHeader('Content-Type', value);
    else adapter.setHeader(response, 'Content-Type', value);
  }
}

function emptyStream(): Readable {
  return Readable.from([]);
}
