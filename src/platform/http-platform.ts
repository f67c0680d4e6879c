import type { AbstractHttpAdapter } from '@nestjs/core';
import type { RenderedValidation } from '../core/rendered-response';
import { prepareExpressApp, takeOverExpressConditionals } from './express-conditionals';
import { dropContentLengthOfNotModified } from './fastify-not-modified';
import { sendETagWeakWhenEncoded } from './encoded-etag';
import { runHeadStepsFromPrototype } from './head-steps';
import {
  fastifyRenderedValidationHook,
  setRenderedValidation,
  validateExpressResponseOnSend,
  validateRenderedFromPrototype,
} from './rendered-validation';
import { sendExpressValidators, sendFastifyValidators } from './validator-fields';
import { keepValidatorsOnlyOnSuccess } from './validators-on-success';

/** How a platform spells the two validator fields the library sets. */
export interface ValidatorFieldNames {
  readonly etag: string;
  readonly lastModified: string;
}

/** As Express, Node and RFC 9110 write them; Node sends a name as it is given. */
const AS_WRITTEN: ValidatorFieldNames = { etag: 'ETag', lastModified: 'Last-Modified' };

/**
 * Fastify lower-cases every name it is given (`reply.header()`, `reply.getHeader()`) and sends
 * it so. Given in lower case already, a name comes back as the same string; in any other case
 * each call made a new string and looked it up as a property key: about 2,300 of the 14,200
 * instructions the library added to the decorated 200 path on Fastify, counted optimized
 * (BENCHMARKS.md).
 */
const LOWER_CASE: ValidatorFieldNames = { etag: 'etag', lastModified: 'last-modified' };

/**
 * The one seam between the library and the HTTP platform. Everything else talks to
 * requests and responses through it, so Express and Fastify give the same answers.
 *
 * Headers and replies go through Nest's own `HttpAdapter` (as `@nestjs/cache-manager`
 * does); the request's `method` and `headers` are the same on both platforms (Node's).
 */
export interface HttpPlatform {
  /** The names to give `setHeader`, `getHeader` and `keepOnlyOnSuccess` for ETag and Last-Modified. */
  readonly fieldNames: ValidatorFieldNames;
  /**
   * Stops the platform's own conditional logic on a decorated route, before anything is
   * written: Express computes a body ETag in `res.send` and turns a 200 into a 304 from
   * `req.fresh`, after the handler ran and with rules of its own. Fastify does neither.
   */
  takeOver(request: any, response: any): void;
  /**
   * Sends the response's strong ETag weak (`W/"..."`) if it is written with a content coding:
   * compression inside the app changes the bytes a strong tag stands for.
   */
  weakenETagWhenEncoded(response: any): void;
  getHeader(response: any, name: string): unknown;
  setHeader(response: any, name: string, value: string): void;
  /**
   * What a GET or HEAD that goes on to its handler gets: sets each of the validator `fields`
   * (named as `fieldNames` spells them) the response does not have yet, takes back those it
   * set if the final status is other than 2xx or 304, and sends a strong ETag weak if the
   * body is written with a content coding (see validator-fields.ts).
   */
  sendValidators(response: any, fields: ReadonlyArray<readonly [string, string]>): void;
  /**
   * Takes the `added` fields back if the response is finally written with a non-2xx status
   * (but 304), and writes the `onError` fields in their place.
   */
  keepOnlyOnSuccess(
    response: any,
    added: ReadonlyArray<readonly [string, string]>,
    onError?: ReadonlyArray<readonly [string, string]>,
  ): void;
  statusCode(response: any): number;
  headersSent(response: any): boolean;
  /** Answers `304 Not Modified` with the given headers and no body. */
  sendNotModified(response: any, headers: ReadonlyArray<readonly [string, string]>): void;
  /**
   * How this response is validated once the handler has rendered it; `null`: not at all,
   * even when the app validates every response (its validators were all evaluated early).
   */
  validateAfterRender(request: any, response: any, validation: RenderedValidation | null): void;
  /**
   * Called once, before the routes are registered, when some route may decide a request on
   * its rendered response (a GET/HEAD route with a validator) or the app validates every
   * one (`everyResponse`): Fastify gets its `onSend` hook, which a request nobody armed
   * leaves at its first line; Express (only for `everyResponse`) a middleware that arms
   * every response, since otherwise `validateAfterRender` wraps the one response that needs it.
   */
  installRenderedValidation(everyResponse: RenderedValidation | undefined): void;
}

/** The platforms the library knows; any other adapter fails the start (see `createHttpPlatform`). */
const KNOWN_PLATFORMS: ReadonlySet<string> = new Set(['express', 'fastify']);

/**
 * The seam for the app's adapter. An adapter that is neither Express nor Fastify is refused
 * with a clear error: the library patches what each of those two does (its send path, its
 * HEAD route), and would silently give wrong answers on a platform it does not know.
 */
export function createHttpPlatform(adapter: AbstractHttpAdapter): HttpPlatform {
  const type = adapter.getType();
  if (!KNOWN_PLATFORMS.has(type)) {
    throw new Error(
      `nestjs-conditional: the HTTP adapter "${type}" is neither @nestjs/platform-express nor @nestjs/platform-fastify; conditional requests are implemented for those two only.`,
    );
  }
  const isExpress = type === 'express';
  if (isExpress) prepareExpressPrototypes(adapter.getInstance());
  const takeOver = isExpress ? takeOverExpressConditionals : () => undefined;
  const setHeader = (response: any, name: string, value: string) => adapter.setHeader(response, name, value);
  return {
    fieldNames: isExpress ? AS_WRITTEN : LOWER_CASE,
    takeOver,
    weakenETagWhenEncoded: (response) => sendETagWeakWhenEncoded(isExpress ? response : response.raw),
    // Node's ServerResponse and FastifyReply both have getHeader(name); the adapters'
    // getHeader(response, name) came later (FastifyAdapter 11.0.3 has none).
    getHeader: (response, name) => response.getHeader(name),
    setHeader,
    sendValidators: isExpress
      ? (response, fields) => sendExpressValidators(response, fields, setHeader)
      : (response, fields) => sendFastifyValidators(response, fields, setHeader),
    keepOnlyOnSuccess: (response, added, onError) =>
      keepValidatorsOnlyOnSuccess(isExpress ? response : response.raw, added, onError),
    statusCode: (response) => response.statusCode,
    headersSent: (response) => adapter.isHeadersSent(response),
    sendNotModified(response, headers) {
      for (const [name, value] of headers) adapter.setHeader(response, name, value);
      // Sent without a payload, a 304 gets no Content-Length from Fastify (`onSendEnd`); only its
      // automatic HEAD route adds one. (The 304 decided once rendered, sent with '', always gets one.)
      if (!isExpress && response.raw !== undefined && response.request?.method === 'HEAD') {
        dropContentLengthOfNotModified(response.raw);
      }
      // The guard weakens only what goes on to the handler. @fastify/compress leaves a reply
      // without a payload alone; Express's `compression` left a 304 alone too (no Content-Type:
      // its default filter; tried with `threshold: 0`), but an app's own filter could pass it,
      // and on Express the step costs a WeakMap entry: the 304's ETag then stays the 200's.
      if (isExpress) sendETagWeakWhenEncoded(response);
      // An absent body: both adapters then send no Content-Type and no Content-Length.
      adapter.reply(response, undefined, 304);
    },
    validateAfterRender(request, response, validation) {
      setRenderedValidation(request, validation);
      if (isExpress && validation !== null) validateExpressResponseOnSend(request, response, undefined);
    },
    installRenderedValidation(everyResponse) {
      if (!isExpress) {
        adapter.getInstance().addHook('onSend', fastifyRenderedValidationHook(everyResponse));
      } else if (everyResponse !== undefined) {
        adapter.use((request: any, response: any, next: () => void) => {
          takeOverExpressConditionals(request, response);
          if (request.method === 'GET' || request.method === 'HEAD') sendETagWeakWhenEncoded(response);
          validateExpressResponseOnSend(request, response, everyResponse);
          next();
        });
      }
    },
  };
}

/**
 * Made once per Express app, as the platform seam is created (at start-up, before it serves):
 * its request and response prototypes answer for the responses the library takes over, run
 * their head steps and validate what they render, so a decorated request adds no property to
 * its request or response.
 */
function prepareExpressPrototypes(app: any): void {
  prepareExpressApp(app);
  if (typeof app?.response === 'object' && app.response !== null) {
    runHeadStepsFromPrototype(app.response);
    validateRenderedFromPrototype(app.response);
  }
}
