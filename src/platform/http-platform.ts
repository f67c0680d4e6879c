import type { AbstractHttpAdapter } from '@nestjs/core';
import { takeOverExpressConditionals } from './express-conditionals';
import { dropContentLengthOfNotModified } from './fastify-not-modified';
import { keepValidatorsOnlyOnSuccess } from './validators-on-success';

/**
 * The one seam between the library and the HTTP platform. Everything else talks to
 * requests and responses through it, so Express and Fastify give the same answers.
 *
 * Headers and replies go through Nest's own `HttpAdapter` (as `@nestjs/cache-manager`
 * does); the request's `method` and `headers` are the same on both platforms (Node's).
 */
export interface HttpPlatform {
  /**
   * Stops the platform's own conditional logic on a decorated route, before anything is
   * written: Express computes a body ETag in `res.send` and turns a 200 into a 304 from
   * `req.fresh`, after the handler ran and with rules of its own. Fastify does neither.
   */
  takeOver(request: any, response: any): void;
  getHeader(response: any, name: string): unknown;
  setHeader(response: any, name: string, value: string): void;
  /** Takes the `added` fields back if the response is finally written with a non-2xx status (but 304). */
  keepOnlyOnSuccess(response: any, added: ReadonlyArray<readonly [string, string]>): void;
  statusCode(response: any): number;
  headersSent(response: any): boolean;
  /** Answers `304 Not Modified` with the given headers and no body. */
  sendNotModified(response: any, headers: ReadonlyArray<readonly [string, string]>): void;
}

export function createHttpPlatform(adapter: AbstractHttpAdapter): HttpPlatform {
  const isExpress = adapter.getType() === 'express';
  const takeOver = isExpress ? takeOverExpressConditionals : () => undefined;
  return {
    takeOver,
    getHeader: (response, name) => adapter.getHeader?.(response, name),
    setHeader: (response, name, value) => adapter.setHeader(response, name, value),
    keepOnlyOnSuccess: (response, added) => keepValidatorsOnlyOnSuccess(isExpress ? response : response.raw, added),
    statusCode: (response) => response.statusCode,
    headersSent: (response) => adapter.isHeadersSent(response),
    sendNotModified(response, headers) {
      for (const [name, value] of headers) adapter.setHeader(response, name, value);
      if (!isExpress && response.raw !== undefined) dropContentLengthOfNotModified(response.raw);
      // An absent body: both adapters then send no Content-Type and no Content-Length.
      adapter.reply(response, undefined, 304);
    },
  };
}
