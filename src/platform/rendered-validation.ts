import { PreconditionFailedException } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { fieldValue } from '../core/field-value';
import { NEEDS_NOTHING, validatorsCompared } from '../core/preconditions';
import {
  type RenderedResponse,
  type RenderedValidation,
  evaluateRenderedResponse,
  hashesBody,
} from '../core/rendered-response';
import { sendETagWeakWhenEncoded } from './encoded-etag';
import { dropContentLengthOfNotModified } from './fastify-not-modified';
import { PerObjectState, isNotNodesMessage } from './per-object-state';
import { isInstalled, installOnPrototype } from './prototype-methods';
import { isLastOnSendHook } from '../upstream/fastify';

/*
 * Validation after the handler, as the response is sent: the body's bytes exist only inside
 * the platform's send path (Express's `res.send`, Fastify's `onSend` hook), after Nest and
 * the platform have serialized what the handler returned. The decision itself is the pure
 * `evaluateRenderedResponse`; this file only reads the response and applies the outcome.
 */

/*
 * How each request's response is validated once rendered, as the guard set it; `null` when it
 * is not (a route whose validators were all evaluated before the handler); absent, the app's
 * default (`conditionalGet`). On Fastify's request, beside Express's (see per-object-state.ts).
 */
const RENDERED_VALIDATION_KEY = Symbol('nestjs-conditional.renderedValidation');
type WithRenderedValidation = { [RENDERED_VALIDATION_KEY]?: RenderedValidation | null };
const RENDERED_VALIDATION = new PerObjectState<RenderedValidation | null>(isNotNodesMessage, {
  read: (target) => (target as WithRenderedValidation)[RENDERED_VALIDATION_KEY],
  write: (target, validation) => void ((target as WithRenderedValidation)[RENDERED_VALIDATION_KEY] = validation),
});

/** What a 412 decided after the handler says: Nest's `PreconditionFailedException` body. */
const PRECONDITION_FAILED_BODY = JSON.stringify(new PreconditionFailedException().getResponse());
const JSON_TYPE = 'application/json; charset=utf-8';

/** Sets how this request's response is validated once rendered (`null`: not at all). */
export function setRenderedValidation(request: object, validation: RenderedValidation | null): void {
  RENDERED_VALIDATION.set(request, validation);
}

function validationOf(request: object, fallback: RenderedValidation | undefined): RenderedValidation | undefined {
  const own = RENDERED_VALIDATION.get(request);
  return own === undefined ? fallback : (own ?? undefined);
}

/** Only a 2xx to GET or HEAD is ever validated: the rest leave before any header is read. */
function mayValidate(method: string, status: number): boolean {
  return (method === 'GET' || method === 'HEAD') && status >= 200 && status <= 299;
}

/**
 * Express: validates this response as `send` gets its body, which `res.json` and Nest's
 * adapter call with the serialized body (with none, `send()`, for a handler that returns
 * nothing: then it is evaluated without a body to hash, as Fastify's hook does). The app's
 * response prototype does it (`validateRenderedFromPrototype`); a response with a `send` of
 * its own gets a wrapper on top. A 304 is left to `send` itself, which drops the body and
 * its Content-Type and Content-Length for that status. A body Express does not `send` (a
 * `StreamableFile` is piped, `res.end()` bypasses it) is not validated. Idempotent.
 */
export function validateExpressResponseOnSend(
  request: any,
  response: any,
  fallback: RenderedValidation | undefined,
): void {
  if (ARMED_SENDS.has(response)) return;
  // Express's init links the two both ways (`res.req`, test/upstream/express.spec.ts), so the
  // request is read back from the response as it is sent; only a response not so linked
  // (a test double, a wrapper) keeps its request in the entry, which then leads back to it.
  ARMED_SENDS.set(response, { fallback, decided: false, request: response.req === request ? undefined : request });
  if (isInstalled(response, 'send')) return;
  const send: ExpressSend = response.send;
  response.send = function sendValidatingRendered(this: any, body: unknown) {
    return sendValidated(this, send, ARMED_SENDS.get(this)!, body, false);
  };
}

/**
 * Gives `prototype` (an Express app's response prototype) a `send` that validates the
 * responses `validateExpressResponseOnSend` armed, so that arming one adds nothing to it;
 * any other response goes straight on. Idempotent.
 */
export function validateRenderedFromPrototype(prototype: object): void {
  installOnPrototype<ExpressSend>(prototype, 'send', (replaced) => {
    // Express's own send, which the app's prototype inherits: the one `send` known to take
    // the body's bytes as it takes the string. Any other (the app's own wrapper that logs or
    // reshapes bodies, on the prototype or on the response) keeps getting the string.
    const expressSend = (Object.getPrototypeOf(prototype) as { send?: unknown } | null)?.send;
    return function send(this: any, body: unknown) {
      const armed = ARMED_SENDS.get(this);
      const next = replaced();
      return armed === undefined ? next.call(this, body) : sendValidated(this, next, armed, body, next === expressSend);
    };
  });
}

type ExpressSend = (this: any, body?: unknown) => unknown;

/**
 * Nothing in it leads back to the response but for a response not linked to its request:
 * the request, whose `res` is the response, is read back from `res.req`. See
 * per-object-state.ts for what a WeakMap value that reaches its key costs.
 */
interface ArmedSend {
  readonly fallback: RenderedValidation | undefined;
  /** The request, only for a response whose `req` is not it. */
  readonly request: any;
  /** Set once the rendered body was evaluated: a second wrapper of the library's on the way passes it on. */
  decided: boolean;
}

const ARMED_SENDS = new WeakMap<object, ArmedSend>();

function sendValidated(
  response: any,
  send: ExpressSend,
  armed: ArmedSend,
  body: unknown,
  takesBytes: boolean,
): unknown {
  const request = armed.request ?? response.req;
  const validation = validationOf(request, armed.fallback);
  const inMemory = isInMemory(body);
  // `res.send(object)` comes back here through `res.json` with the string: decide then.
  if (
    armed.decided ||
    validation === undefined ||
    !mayValidate(request.method, response.statusCode) ||
    (!inMemory && body != null)
  ) {
    return send.call(response, body);
  }
  armed.decided = true;
  const rendered: RenderedResponse = {
    status: response.statusCode,
    etag: fieldValue(response.get('ETag')),
    lastModified: fieldValue(response.get('Last-Modified')),
    cacheControl: fieldValue(response.get('Cache-Control')),
  };
  let payload = inMemory ? body : undefined;
  if (takesBytes && typeof payload === 'string' && hashesBody(rendered, validation) && takeUtf8TypeForBytes(response)) {
    // Encoded once: the same bytes are hashed and sent (a string would be encoded again by
    // Express for its Content-Length, or by Node as it writes).
    payload = Buffer.from(payload);
  }
  const decision = evaluateRenderedResponse(request, rendered, payload, validation, Date.now());
  if (decision.outcome === 'precondition-failed') {
    response.status(412);
    response.set('Content-Type', JSON_TYPE);
    return send.call(response, PRECONDITION_FAILED_BODY);
  }
  if (decision.etag !== undefined) response.setHeader('ETag', decision.etag);
  if (decision.outcome === 'not-modified') {
    response.status(304);
    // Express drops the body of a 304, but only after encoding it for its Content-Length. The
    // empty one cannot change the 304's ETag: a taken-over response has no `etag fn` of Express's.
    return send.call(response, '');
  }
  return send.call(response, payload ?? body);
}

/** The Content-Type that `send` gives a string when the response has none (Express's `type('html')`). */
const EXPRESS_STRING_TYPE = 'text/html; charset=utf-8';
/** A type with only a UTF-8 charset, as Express's `setCharset` formats one: it leaves it as it is. */
const UTF8_TYPE = /^[a-z0-9!#$%&'*+.^_`|~-]+\/[a-z0-9!#$%&'*+.^_`|~-]+; charset=utf-8$/;

/**
 * Whether this response's string body may be handed to `send` as its UTF-8 bytes with the
 * same outcome, and if so gives it the Content-Type `send` would: `send` gives a string
 * (never bytes) a UTF-8 charset in its Content-Type, so the bytes go only where that field
 * already says so, or where it is absent (then it is set here as `send` would set it). Any
 * other type (another charset, a form `send` would rewrite) keeps the string.
 */
function takeUtf8TypeForBytes(response: any): boolean {
  const type = response.getHeader('Content-Type');
  if (type === undefined) {
    response.setHeader('Content-Type', EXPRESS_STRING_TYPE);
    return true;
  }
  return typeof type === 'string' && UTF8_TYPE.test(type);
}

function isInMemory(payload: unknown): payload is string | Buffer {
  return typeof payload === 'string' || Buffer.isBuffer(payload);
}

/**
 * From how many UTF-16 code units a string body is handed to Fastify as its bytes. Node writes
 * a first chunk that is a string joined to the head, one copy and one encode more than a
 * Buffer, which it writes beside the head at a fixed cost. Counted on a bare `node:http`
 * server (callgrind, TurboFan on), a hashed JSON body sent as bytes against as the string:
 * 1 KB +4.4%, 4 KB +1.6%, 8 KB -1.6%, 16 KB -5.4%, 50 KB -7.1%; a 304 hashed from the bytes
 * +1.1% at 16 KB, +2.3% at 50 KB (BENCHMARKS.md).
 */
const BYTES_PAY_OFF_FROM = 8192;

/**
 * The hook's name, by which `isLastOnSendHook` finds it last or not: a string no bundler's
 * minifier renames, where a function's own name may become the same letter as an app hook's.
 */
const HOOK_NAME = 'nestjs-conditional: validate rendered response';

/**
 * Fastify: an `onSend` hook, registered once for the app when some route (or the app)
 * validates rendered responses; a route that does not returns at the first line. A streamed
 * payload is evaluated against the response's validators without being hashed, and dropped
 * when the answer is a 304 or a 412.
 */
export function fastifyRenderedValidationHook(fallback: RenderedValidation | undefined) {
  const hook = function validateRenderedOnSend(
    request: any,
    reply: any,
    payload: unknown,
    done: (error: null, payload?: unknown) => void,
  ): void {
    const validation = validationOf(request, fallback);
    if (validation === undefined || !mayValidate(request.method, reply.statusCode)) {
      done(null, payload);
      return;
    }
    const rendered: RenderedResponse = {
      status: reply.statusCode,
      etag: fieldValue(reply.getHeader('etag')),
      lastModified: fieldValue(reply.getHeader('last-modified')),
      cacheControl: fieldValue(reply.getHeader('cache-control')),
    };
    let body = isInMemory(payload) ? payload : undefined;
    // A large string is hashed as its bytes and they are what goes on, encoded once, when no
    // hook follows this one (src/upstream/fastify.ts): Fastify writes a string as UTF-8
    // whatever its Content-Type says, so the bytes are the same. With a hook after this one
    // (the app's own, a route's own, the automatic HEAD route's), the string is hashed as it
    // is and passed on as it came: Fastify's own example of a hook calls `payload.replace()`.
    // So is the body of a request whose preconditions will be evaluated (a revalidation is a
    // 304 as a rule), whose bytes may never be written: made into a Buffer all the same, they
    // cost a 304 of 50 KB 2.3% more.
    if (
      typeof body === 'string' &&
      body.length >= BYTES_PAY_OFF_FROM &&
      validatorsCompared(request) === NEEDS_NOTHING &&
      hashesBody(rendered, validation) &&
      isLastOnSendHook(request, HOOK_NAME)
    ) {
      body = Buffer.from(body);
    }
    const decision = evaluateRenderedResponse(request, rendered, body, validation, Date.now());
    if (decision.outcome !== 'proceed' && body === undefined) (payload as { destroy?: () => void } | null)?.destroy?.();
    if (decision.outcome === 'precondition-failed') {
      reply.code(412);
      reply.header('content-type', JSON_TYPE);
      done(null, PRECONDITION_FAILED_BODY);
      return;
    }
    if (decision.etag !== undefined) {
      reply.header('etag', decision.etag);
      // For the undecorated routes `conditionalGet` reaches too (a decorated route's guard did it).
      sendETagWeakWhenEncoded(reply.raw as ServerResponse);
    }
    if (decision.outcome === 'not-modified') {
      reply.code(304);
      reply.removeHeader('content-type');
      dropContentLengthOfNotModified(reply.raw as ServerResponse);
      // An empty payload: Fastify then writes no body (a null one would reach the HEAD route's hook).
      done(null, '');
      return;
    }
    done(null, body ?? payload);
  };
  return Object.defineProperty(hook, 'name', { value: HOOK_NAME });
}
