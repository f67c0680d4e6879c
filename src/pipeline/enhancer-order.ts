import { ConditionalGuard } from '../request/conditional.guard';
import { ConditionalInterceptor } from '../request/conditional.interceptor';
import { NotModifiedFilter } from '../exceptions/not-modified.filter';
import { EXCEPTION_FILTERS_METADATA, GUARDS_METADATA, INTERCEPTORS_METADATA } from '../upstream/nest';

/*
 * Where the library's enhancers sit among a route's own: the guard last, so that every guard
 * of the app (global, controller, route) has run first; the 304 filter last, which Nest tries
 * first (src/upstream/nest.ts, assumptions 2 and 3). Done when the app starts, before Nest
 * reads the lists.
 */

/** What a conditional route binds, each moved to the end of the route's own list. */
const BINDINGS: ReadonlyArray<readonly [string, Function]> = [
  [GUARDS_METADATA, ConditionalGuard],
  [EXCEPTION_FILTERS_METADATA, NotModifiedFilter],
];

/** Bound only on routes whose Last-Modified is read from the handler's result. */
const RESULT_READER: readonly [string, Function] = [INTERCEPTORS_METADATA, ConditionalInterceptor];

/** `list` without `item`, then `item`: bound once, and last. */
export function moveToEnd<T>(list: readonly T[] | undefined, item: T): T[] {
  return [...remove(list, item), item];
}

/** `list` without `item`. */
export function remove<T>(list: readonly T[] | undefined, item: T): T[] {
  return (list ?? []).filter((entry) => entry !== item);
}

/** Moves the route's guard and filter (and, when it reads the result, the interceptor) to the end of its lists. */
export function orderRouteEnhancers(handler: Function, readsResult: boolean): void {
  for (const [key, binding] of readsResult ? [...BINDINGS, RESULT_READER] : BINDINGS) {
    Reflect.defineMetadata(key, moveToEnd(Reflect.getMetadata(key, handler), binding), handler);
  }
}

/** Takes the library's enhancers off the controller: bound there, they would also run on routes that do not need them. */
export function removeClassEnhancers(controller: Function): void {
  for (const [key, binding] of [...BINDINGS, RESULT_READER]) {
    const classBindings = Reflect.getMetadata(key, controller);
    if (classBindings !== undefined) Reflect.defineMetadata(key, remove(classBindings, binding), controller);
  }
}
