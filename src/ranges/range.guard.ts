import { type CanActivate, type ExecutionContext, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RANGES } from '../declarations/metadata-keys';
import { requestOf } from '../request/http-arguments';
import { ConditionalRouteRegistry, registryOrExplain } from '../request/route-registry';
import type { RangeOptions } from './range-options';
import type { RangeResponder } from './range-responder';

/** Where a `@Ranges()` request keeps how its app answers it, for the route's wrapped handler. */
export const RANGE_SERVING = Symbol('nestjs-conditional:range-serving');

/** How one app answers one `@Ranges()` route. */
export interface RangeServing {
  readonly responder: RangeResponder;
  readonly limits: RangeOptions;
}

/**
 * Bound by `@Ranges()`: hands the request its app's way of answering ranges (the platform, the
 * module's and the route's limits), which the route's handler, wrapped at start-up by the
 * module, then uses. It never refuses a request. One handler may serve several apps in one
 * process (tests do), each with its own options, so this is looked up per app, not fixed when
 * the handler was wrapped.
 */
@Injectable()
export class RangeGuard implements CanActivate {
  private readonly servingByHandler = new WeakMap<Function, RangeServing>();
  private readonly routes: ConditionalRouteRegistry;

  constructor(
    private readonly reflector: Reflector,
    @Optional() routes?: ConditionalRouteRegistry,
  ) {
    this.routes = registryOrExplain(routes);
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const handler = context.getHandler();
    let serving = this.servingByHandler.get(handler);
    if (serving === undefined) {
      const own = this.reflector.getAllAndOverride<RangeOptions | undefined>(RANGES, [handler, context.getClass()]);
      serving = { responder: this.routes.rangeResponder, limits: { ...this.routes.rangeLimits, ...own } };
      this.servingByHandler.set(handler, serving);
    }
    requestOf(context)[RANGE_SERVING] = serving;
    return true;
  }
}
