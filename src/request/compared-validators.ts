import { IncomingMessage } from 'node:http';
import type { CurrentValidators } from '../core';

/*
 * The validators the guard compared a request's preconditions with, for the handler
 * (`@EvaluatedValidators()`, `@WriteCondition()`), `LostRaceInterceptor` and the range
 * responder. Kept beside an Express request, never on it: every one has a V8 map of its own
 * (its app's prototype is set on it per request), so a property added to it costs a copy of
 * that map, about 3 us here, where a WeakMap entry costs a tenth of it.
 */
const COMPARED = new WeakMap<object, CurrentValidators>();

/*
 * Fastify's request is an object of its own making (not Node's IncomingMessage), built by
 * one constructor for every request of a route, so it shares its V8 map with the others: a
 * property on it costs tens of ns, where a WeakMap entry costs 0.3 us or more and its table
 * is visited by every young-generation GC. Only Node's message (Express's request) goes to COMPARED.
 */
const COMPARED_KEY = Symbol('nestjs-conditional.comparedValidators');

export function rememberComparedValidators(request: object, current: CurrentValidators): void {
  if (request instanceof IncomingMessage) COMPARED.set(request, current);
  else (request as Record<symbol, CurrentValidators>)[COMPARED_KEY] = current;
}

/** What the guard compared, or `undefined` when it compared nothing (or the route is not conditional). */
export function comparedValidatorsOf(request: object): CurrentValidators | undefined {
  return (request as Record<symbol, CurrentValidators | undefined>)[COMPARED_KEY] ?? COMPARED.get(request);
}
