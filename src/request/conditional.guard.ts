import {
  CanActivate,
  ExecutionContext,
  HttpException,
  Injectable,
  Optional,
  PreconditionFailedException,
} from '@nestjs/common';
import { fieldValue } from '../core/field-value';
import { escapeForLog } from '../core/log-text';
import {
  NEEDS_ETAG,
  NEEDS_LAST_MODIFIED,
  NEEDS_NOTHING,
  evaluatePreconditions,
  isGetOrHead,
  lacksRequiredPrecondition,
  mayBeNotModified,
  needsRenderedDecision,
  validatorsCompared,
  validatorsNeeded,
} from '../core/preconditions';
import type { RenderedValidation } from '../core/rendered-response';
import { mergeVary } from '../core/vary';
import { NotModifiedException, notModified } from '../exceptions/not-modified.exception';
import { PreconditionRequiredException } from '../exceptions/precondition-required.exception';
import { heldRequest } from '../upstream/nest';
import { rememberComparedValidators } from './compared-validators';
import { requestOf, responseOf } from './http-arguments';
import { isPromiseLike } from './promise-like';
import { rejectedLater, rejectingThenable } from './rejected-later';
import { RoutePlan, notModifiedHeaders, toCurrentValidators, validatorHeaders } from './route-plan';
import { ConditionalRouteRegistry, registryOrExplain } from './route-registry';
import { settleWithin } from './settle-within';

/** How the guard's evaluation of a request ends: `true`, it goes on; an exception, this answer stops it. */
type Verdict = true | HttpException;

/** A GET/HEAD its validators said nothing about: its handler's 2xx is evaluated as it stands, nothing hashed. */
const EVALUATE_RENDERED: RenderedValidation = { hashBody: false, strong: false, evaluate: true };

/**
 * Evaluates the request's preconditions before the handler runs, and stops the request with
 * `304 Not Modified`, `412 Precondition Failed` or `428 Precondition Required` when they say
 * so; when the request goes on, adds `ETag` and `Last-Modified` to a GET/HEAD response, and
 * the route's `@CacheControl()` / `@Vary()` fields to any. Bound by the decorators, and
 * always the last guard of its route (see `ConditionalRouteWiring`), so the application's
 * own guards have run first.
 *
 * Validators are called only when the request needs them: both on GET/HEAD (the response
 * carries them), on other methods only those its conditional headers compare, none at all
 * on an unconditional PUT. A validator that throws or rejects goes through Nest's exception
 * flow as it is (a `NotFoundException` keeps its 404). On a route with a validator from the
 * response (`@ETag()`, `@LastModified()`), a request that compares that validator is decided
 * once the response is rendered instead; so is a conditional GET/HEAD whose validators all
 * returned nothing, since only the handler's answer says whether a representation exists.
 */
@Injectable()
export class ConditionalGuard implements CanActivate {
  private readonly routes: ConditionalRouteRegistry;

  constructor(@Optional() routes?: ConditionalRouteRegistry) {
    this.routes = registryOrExplain(routes);
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const verdict = this.verdictOn(context);
    if (verdict === true || verdict instanceof Promise) return verdict;
    if (this.answersDirectly(verdict)) return this.sendDirectly(verdict, context);
    // Rejected, not thrown: a throw here costs V8 the throw's message, and rejects Nest's
    // tryActivate before Nest awaits it, which costs Node's unhandled-rejection bookkeeping.
    return rejectedLater(verdict);
  }

  /**
   * The decision returns its answer and this class ends the request with it: V8 optimizes a
   * function only once it has returned (or looped) often enough, and one that throws on every
   * call, as the decision would on a route whose every request is answered 304, stays in the
   * interpreter for good (BENCHMARKS.md, "An early 304 that never got optimized"). With
   * `earlyNotModified: 'direct'` a 304 is written by the guard and the request held (no
   * exception, no filter); anything else is a rejection, so that a 412 or 428 goes through
   * the app's exception filters.
   */
  private answersDirectly(answer: HttpException): answer is NotModifiedException {
    return this.routes.answersNotModifiedDirectly && answer instanceof NotModifiedException;
  }

  private sendDirectly(answer: NotModifiedException, context: ExecutionContext): Promise<never> {
    this.routes.platform.sendNotModified(responseOf(context), answer.headers);
    return heldRequest();
  }

  /** The request's verdict: `true` to go on, or the answer that stops it. */
  private verdictOn(context: ExecutionContext): Verdict | Promise<true> {
    // Microservice, websocket and GraphQL handlers of a decorated class: not ours to answer.
    if (context.getType() !== 'http') return true;
    const handler = context.getHandler();
    const plan = this.routes.planFor(context.getClass(), handler);
    if (plan === undefined) return this.unplanned(context.getClass(), handler, requestOf(context));
    const request = requestOf(context);
    const response = responseOf(context);
    const platform = this.routes.platform;
    // Every route of the library's, validated or not, shows only the ETags it decides.
    platform.takeOver(request, response);
    const reading = isGetOrHead(request.method);
    if (plan.cacheFields !== undefined || plan.vary !== undefined) this.setCacheFields(plan, response);
    // A strong ETag (the validator's, the body's or the handler's) goes weak if the app
    // compresses the body: on every GET/HEAD that goes on to the handler. An early 304 or 412
    // leaves before it (the 304's own is the platform's, sendNotModified).
    if (!plan.validates) {
      if (reading) platform.weakenETagWhenEncoded(response);
      return true;
    }

    const nowMs = Date.now();
    let deferred = false;
    if (reading && plan.rendered !== undefined) {
      // Decided once the response is rendered when the request compares a validator only the
      // response has, or could get a 304, which must carry the body's ETag (RFC 9110 15.4.5).
      deferred =
        (validatorsCompared(request, nowMs) & plan.renderedKinds) !== NEEDS_NOTHING ||
        (plan.rendered.whenDeferred.hashBody && mayBeNotModified(request, nowMs));
      platform.validateAfterRender(
        request,
        response,
        deferred ? plan.rendered.whenDeferred : plan.rendered.whenDecidedEarly,
      );
    } else if (reading && this.routes.validatesEveryResponse) {
      // Evaluated here, before the handler: nothing is left to do once it has rendered.
      platform.validateAfterRender(request, response, null);
    }
    if (plan.requirePrecondition && lacksRequiredPrecondition(request, undefined, nowMs)) {
      return new PreconditionRequiredException();
    }
    const needs = validatorsNeeded(request, nowMs);
    // No conditional header to compare and no response to describe (never a GET or HEAD,
    // whose response carries both): nothing to do.
    if (needs === NEEDS_NOTHING) return true;
    const etag = needs & NEEDS_ETAG ? plan.etag?.(request, context) : undefined;
    let lastModified: unknown;
    try {
      lastModified = needs & NEEDS_LAST_MODIFIED ? plan.lastModified?.(request, context) : undefined;
    } catch (error) {
      // The ETag's rejection, if it has one, would go unhandled (and end the process): this error answers.
      if (isPromiseLike(etag)) etag.then(undefined, () => undefined);
      throw error;
    }
    if (isPromiseLike(etag) || isPromiseLike(lastModified)) {
      const settled = Promise.all([etag, lastModified]);
      const bounded =
        plan.validatorTimeout === undefined ? settled : settleWithin(settled, plan.validatorTimeout, plan.route);
      return bounded.then(([e, l]) => {
        const verdict = this.decide(plan, request, response, e, l, nowMs, deferred);
        if (verdict === true) return true;
        if (this.answersDirectly(verdict)) return this.sendDirectly(verdict, context);
        // Nest awaits this callback's promise already: resolved with the thenable, it rejects
        // with nothing to track, and without the message a throw would make.
        return rejectingThenable(verdict);
      });
    }
    return this.decide(plan, request, response, etag, lastModified, nowMs, deferred);
  }

  /**
   * A request the guard found no plan for: one of a route the decorators never declared (the
   * guard bound by hand) goes on. Otherwise it fails closed, since going on would drop the
   * route's lost-update protection without a word: a conditional handler with no plan for the
   * class Nest runs it with, or a nameless function standing in for a method of a controller
   * with plans that do something (an instrumentation's wrapper that keeps no name: the registry
   * finds a wrapper's method by its name, so which route it stands for cannot be told).
   */
  private unplanned(controller: Function, handler: Function, request: any): true {
    if (this.routes.isConditional(handler)) {
      throw new Error(
        `nestjs-conditional: ${controller.name}.${handler.name} is conditional, but no plan was made for the class Nest runs it with; please report this with how the controller is declared.`,
      );
    }
    if (handler.name === '' && this.routes.hasPlansFor(controller)) {
      throw new Error(
        `nestjs-conditional: ${escapeForLog(`${request.method} ${request.url}`)}: a route of ${controller.name} runs a nameless function in place of its method, so its preconditions cannot be found; a wrapper of route handlers (an instrumentation's) must keep each handler's name.`,
      );
    }
    return true;
  }

  private decide(
    plan: RoutePlan,
    request: any,
    response: any,
    etag: unknown,
    lastModified: unknown,
    nowMs: number,
    deferred: boolean,
  ): Verdict {
    const current = toCurrentValidators(plan, etag, lastModified, nowMs);
    // An If-Unmodified-Since the resource cannot answer (no Last-Modified) protects nothing.
    if (plan.requirePrecondition && lacksRequiredPrecondition(request, current, nowMs)) {
      return new PreconditionRequiredException();
    }
    if (!deferred) {
      const outcome = evaluatePreconditions(request, current, nowMs);
      if (outcome === 'precondition-failed') return new PreconditionFailedException();
      if (outcome === 'not-modified') {
        return notModified(notModifiedHeaders(plan, current, this.routes.platform.fieldNames));
      }
      // What @EvaluatedValidators() hands the handler: only what was compared here.
      rememberComparedValidators(request, current);
      // Nothing from the validators: a 2xx from the handler is a representation without them
      // (RFC 9110 13.2.1), any other answer stands. Only when a conditional header asks.
      if (needsRenderedDecision(request, current, nowMs)) {
        this.routes.platform.validateAfterRender(request, response, plan.rendered?.whenDeferred ?? EVALUATE_RENDERED);
      }
    }
    // Only GET/HEAD responses carry the validators: on other methods they describe the
    // state before the change.
    if (isGetOrHead(request.method)) {
      // Set before the handler, so that one that writes the response itself sends them too.
      const platform = this.routes.platform;
      platform.sendValidators(response, validatorHeaders(current, platform.fieldNames));
    }
    return true;
  }

  /**
   * `@CacheControl()` / `@NeverCache()` and `@Vary()`, set before the handler so that every
   * answer of the route has them: its 200, an early 304 (written from this response) and a
   * 304 decided once it has rendered. On a final status other than 2xx or 304, Cache-Control
   * keeps only its restrictive directives, so that no cache keeps an error; Vary stays, as
   * it describes any answer.
   */
  private setCacheFields(plan: RoutePlan, response: any): void {
    const platform = this.routes.platform;
    if (plan.vary !== undefined) {
      const existing = fieldValue(platform.getHeader(response, 'Vary'));
      platform.setHeader(response, 'Vary', existing === undefined ? plan.varyField! : mergeVary(existing, plan.vary));
    }
    if (plan.cacheFields !== undefined) {
      const { onSuccess, onError } = plan.cacheFields;
      for (const [name, value] of onSuccess) platform.setHeader(response, name, value);
      if (onError !== onSuccess) platform.keepOnlyOnSuccess(response, onSuccess, onError);
    }
  }
}
