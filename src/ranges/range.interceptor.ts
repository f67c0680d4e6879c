import {
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  type NestInterceptor,
  NotFoundException,
  Optional,
  PreconditionFailedException,
  StreamableFile,
} from '@nestjs/common';
import { HttpAdapterHost, Reflector } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { type Observable, mergeMap } from 'rxjs';
import { CONDITIONAL_STATE, RANGES } from '../declarations/metadata-keys';
import { MODULE_OPTIONS_TOKEN } from '../conditional.module-definition';
import type { ConditionalModuleOptions } from '../conditional.options';
import {
  type CurrentValidators,
  decideRange,
  evaluatePreconditions,
  formatContentRange,
  formatHttpDate,
  isGetOrHead,
  multipartByteranges,
  unsatisfiedContentRange,
} from '../core';
import { NotModifiedException } from '../exceptions/not-modified.exception';
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
 * Nothing is opened before the answer is known, and what is opened is closed when the answer
 * ends or is not sent at all; a client that goes away has the stream destroyed by Nest's
 * adapters (every supported version; test/e2e/ranges-leaks.e2e.spec.ts counts the descriptors).
 */
@Injectable()
export class RangeInterceptor implements NestInterceptor {
  private readonly limitsByHandler = new WeakMap<Function, RangeOptions>();
  private readonly moduleLimits: RangeOptions;

  constructor(
    private readonly reflector: Reflector,
    private readonly adapterHost: HttpAdapterHost,
    @Optional() @Inject(MODULE_OPTIONS_TOKEN) moduleOptions?: ConditionalModuleOptions,
  ) {
    this.moduleLimits = moduleOptions?.ranges ?? {};
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest();
    const response = http.getResponse();
    const limits = this.limitsOf(context);
    return next.handle().pipe(mergeMap((result) => this.answer(request, response, result, limits)));
  }

  private limitsOf(context: ExecutionContext): RangeOptions {
    const handler = context.getHandler();
    let limits = this.limitsByHandler.get(handler);
    if (limits === undefined) {
      const own = this.reflector.getAllAndOverride<RangeOptions | undefined>(RANGES, [handler, context.getClass()]);
      limits = { ...this.moduleLimits, ...own };
      this.limitsByHandler.set(handler, limits);
    }
    return limits;
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
    const decidedByGuard: CurrentValidators | undefined = request[CONDITIONAL_STATE];
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
      if (outcome === 'not-modified') throw new NotModifiedException(fields);
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
