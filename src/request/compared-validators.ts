import type { CurrentValidators } from '../core';

/*
 * The validators the guard compared a request's preconditions with, for the handler
 * (`@EvaluatedValidators()`, `@WriteCondition()`), `LostRaceInterceptor` and the range
 * responder. Kept beside the request, never on it: on Express every request has a V8 map of
 * its own (its app's prototype is set on it per request), so a property added to it costs a
 * copy of that map, about 3 us here, where a WeakMap entry costs a tenth of it.
 */
const COMPARED = new WeakMap<object, CurrentValidators>();

export function rememberComparedValidators(request: object, current: CurrentValidators): void {
  COMPARED.set(request, current);
}

/** What the guard compared, or `undefined` when it compared nothing (or the route is not conditional). */
export function comparedValidatorsOf(request: object): CurrentValidators | undefined {
  return COMPARED.get(request);
}
