import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { HttpPlatform, createHttpPlatform } from '../platform/http-platform';
import { RangeResponder } from '../ranges/range-responder';
import type { RangeOptions } from '../ranges/range-options';
import { type RoutePlan, isPassThrough } from './route-plan';

/**
 * The plans of the conditional routes, keyed by handler then controller (a handler can be
 * inherited by several controllers with different class-level validators), and the platform
 * seam. What the guard, the interceptor and the 304 filter read on each request.
 */
@Injectable()
export class ConditionalRouteRegistry {
  private readonly plans = new Map<Function, Map<Function, RoutePlan>>();
  /**
   * Handlers with no plan, by the controllers they were looked up for: a route the guard runs
   * on without a plan (the guard registered by hand on an undecorated route) would otherwise
   * walk its prototype chain by name on every request. Cleared when a plan is registered.
   */
  private unplanned = new WeakMap<Function, WeakSet<Function>>();
  /** The controllers with a plan that does something for some route (each class Nest may report, see `register`). */
  private readonly planned = new WeakSet<Function>();
  private httpPlatform?: HttpPlatform;
  /** Whether the app validates every GET/HEAD response once rendered (`conditionalGet`); set at start-up. */
  validatesEveryResponse = false;
  /** Whether the guard writes an early 304 itself and holds the request (`earlyNotModified: 'direct'`); set at start-up. */
  answersNotModifiedDirectly = false;
  /** The module's `ranges`: the limits of every `@Ranges()` route that sets none of its own; set at start-up. */
  rangeLimits: RangeOptions = {};
  private responder?: RangeResponder;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /** The plan of a route, or `undefined` when the route is not conditional. */
  planFor(controller: Function, handler: Function): RoutePlan | undefined {
    return (this.plans.get(handler) ?? this.throughWrapper(controller, handler))?.get(controller);
  }

  /**
   * The plans of the method a wrapper stands for. An instrumentation can hand Nest a wrapper of
   * each route's handler before Nest registers it (OpenTelemetry's
   * `@opentelemetry/instrumentation-nestjs-core`, and the APM agents built on it, wrap the
   * callback of `RouterExecutionContext.create()`, keeping its name and metadata), and Nest's
   * `getHandler()` is then the wrapper: looked up as it is, every route would go unanswered
   * and unprotected without a word. The wrapper keeps the method's name, which names the method
   * on the class; it is remembered, so the look-up by name runs once per wrapper.
   */
  private throughWrapper(controller: Function, handler: Function): Map<Function, RoutePlan> | undefined {
    if (this.unplanned.get(handler)?.has(controller)) return undefined;
    const name = handler.name;
    const method = name === '' ? undefined : methodNamed(controller.prototype, name);
    const byController = method === undefined || method === handler ? undefined : this.plans.get(method);
    if (byController !== undefined) this.plans.set(handler, byController);
    else this.rememberUnplanned(handler, controller);
    return byController;
  }

  private rememberUnplanned(handler: Function, controller: Function): void {
    let controllers = this.unplanned.get(handler);
    if (controllers === undefined) this.unplanned.set(handler, (controllers = new WeakSet()));
    controllers.add(controller);
  }

  /**
   * Whether some controller has a plan for `handler`: a request reaching it with no plan for
   * its controller must fail, not silently skip its preconditions.
   */
  isConditional(handler: Function): boolean {
    return this.plans.has(handler);
  }

  /**
   * Whether `controller` has a plan that does something (more than a pass-through) for some
   * route: a nameless handler of it could be one of them.
   */
  hasPlansFor(controller: Function): boolean {
    return this.planned.has(controller);
  }

  register(controller: Function, handler: Function, plan: RoutePlan): void {
    this.unplanned = new WeakMap();
    let byController = this.plans.get(handler);
    if (byController === undefined) this.plans.set(handler, (byController = new Map()));
    byController.set(controller, plan);
    const acts = !isPassThrough(plan);
    if (acts) this.planned.add(controller);
    // Nest's ExecutionContext.getClass() is the instance's `constructor`, which a mixin or a
    // class decorator returning a subclass or a Proxy can make differ from the class itself.
    const instanceClass = (controller as { prototype?: { constructor?: Function } }).prototype?.constructor;
    if (instanceClass !== undefined && instanceClass !== controller) {
      byController.set(instanceClass, plan);
      if (acts) this.planned.add(instanceClass);
    }
  }

  /** What answers this app's `@Ranges()` routes. */
  get rangeResponder(): RangeResponder {
    return (this.responder ??= new RangeResponder(this.adapterHost));
  }

  /** The platform seam, created on first use: in a testing module the adapter comes late. */
  get platform(): HttpPlatform {
    return (this.httpPlatform ??= createHttpPlatform(this.adapterHost.httpAdapter));
  }
}

/** The method `name` of a prototype or its ancestors, read from its descriptor: a getter of that name is never called. */
function methodNamed(prototype: object | null | undefined, name: string): Function | undefined {
  for (let holder = prototype; holder != null; holder = Object.getPrototypeOf(holder)) {
    const descriptor = Object.getOwnPropertyDescriptor(holder, name);
    if (descriptor !== undefined) return typeof descriptor.value === 'function' ? descriptor.value : undefined;
  }
  return undefined;
}

/**
 * The registry a guard, interceptor or filter was given, or a clear error when the module
 * that provides it was never imported (Nest's own message would only name the class).
 */
export function registryOrExplain(registry: ConditionalRouteRegistry | undefined): ConditionalRouteRegistry {
  if (registry === undefined) {
    throw new Error(
      'nestjs-conditional: @Condition, @ETag, @LastModified and @Ranges need ConditionalModule.forRoot() (or forRootAsync()) in the imports of the root module.',
    );
  }
  return registry;
}
