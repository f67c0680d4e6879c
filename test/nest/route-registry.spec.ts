import type { HttpAdapterHost } from '@nestjs/core';
import type { RoutePlan } from '../../src/request/route-plan';
import { ConditionalRouteRegistry } from '../../src/request/route-registry';

/*
 * The registry finds a route's plan through a wrapper of its handler by the wrapper's name,
 * walking the controller's prototype chain once; what it found, or did not find, is
 * remembered. A Proxy in the chain counts the walks.
 */

function planOf(route: string): RoutePlan {
  return {
    route,
    requirePrecondition: false,
    validatorTimeout: undefined,
    notModifiedHeaders: [],
    validates: true,
    renderedKinds: 0,
  };
}

/** A controller whose prototype chain counts each descriptor read of its methods. */
function countedController(): { controller: Function; walks: () => number } {
  let reads = 0;
  const methods = {
    show(): string {
      return 'shown';
    },
    list(): string {
      return 'listed';
    },
  };
  const counting = new Proxy(methods, {
    getOwnPropertyDescriptor(target, key) {
      reads++;
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
  });
  function ArticlesController(): void {}
  // Its own `constructor`, as a class's prototype has: register() files the instance's class too.
  ArticlesController.prototype = Object.create(counting, {
    constructor: { value: ArticlesController, writable: true, configurable: true },
  });
  return { controller: ArticlesController, walks: () => reads };
}

function registry(): ConditionalRouteRegistry {
  return new ConditionalRouteRegistry({ httpAdapter: undefined } as unknown as HttpAdapterHost);
}

/** What an instrumentation hands Nest in place of a handler: a wrapper that keeps its name. */
function wrapperOf(handler: Function, name = handler.name): Function {
  const wrapper = function (this: unknown, ...args: unknown[]) {
    return handler.apply(this, args);
  };
  Object.defineProperty(wrapper, 'name', { value: name });
  return wrapper;
}

describe('ConditionalRouteRegistry.planFor', () => {
  it("finds a wrapped handler's plan by its name once, then directly", () => {
    const { controller, walks } = countedController();
    const show = Object.getPrototypeOf(controller.prototype).show;
    const routes = registry();
    const plan = planOf('ArticlesController.show');
    routes.register(controller, show, plan);
    const wrapper = wrapperOf(show);
    expect(routes.planFor(controller, wrapper)).toBe(plan);
    const walked = walks();
    expect(walked).toBeGreaterThan(0);
    expect(routes.planFor(controller, wrapper)).toBe(plan);
    expect(walks()).toBe(walked);
  });

  it('walks once for a handler with no plan, and again once a plan is registered', () => {
    const { controller, walks } = countedController();
    const { show, list } = Object.getPrototypeOf(controller.prototype);
    const routes = registry();
    routes.register(controller, show, planOf('ArticlesController.show'));
    const unplanned = wrapperOf(list);
    expect(routes.planFor(controller, unplanned)).toBeUndefined();
    const walked = walks();
    expect(walked).toBeGreaterThan(0);
    expect(routes.planFor(controller, unplanned)).toBeUndefined();
    expect(routes.planFor(controller, list)).toBeUndefined();
    expect(routes.planFor(controller, list)).toBeUndefined();
    const afterUnwrapped = walks();
    expect(routes.planFor(controller, unplanned)).toBeUndefined();
    expect(walks()).toBe(afterUnwrapped);

    const listPlan = planOf('ArticlesController.list');
    routes.register(controller, list, listPlan);
    expect(routes.planFor(controller, unplanned)).toBe(listPlan);
  });

  it('remembers a miss for its controller only: the same handler may stand for a plan of another', () => {
    const counted = countedController();
    const other = countedController();
    const otherShow = Object.getPrototypeOf(other.controller.prototype).show;
    const routes = registry();
    const plan = planOf('OtherController.show');
    routes.register(other.controller, otherShow, plan);
    const wrapper = wrapperOf(otherShow, 'show');
    // Under the first controller, `show` names a method with no plan.
    expect(routes.planFor(counted.controller, wrapper)).toBeUndefined();
    expect(routes.planFor(other.controller, wrapper)).toBe(plan);
  });

  it('finds nothing for a nameless wrapper, without walking', () => {
    const { controller, walks } = countedController();
    const show = Object.getPrototypeOf(controller.prototype).show;
    const routes = registry();
    routes.register(controller, show, planOf('ArticlesController.show'));
    expect(routes.planFor(controller, wrapperOf(show, ''))).toBeUndefined();
    expect(walks()).toBe(0);
  });
});
