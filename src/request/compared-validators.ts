import type { CurrentValidators } from '../core/preconditions';
import { PerObjectState, isNotNodesMessage } from '../platform/per-object-state';

/*
 * The validators the guard compared a request's preconditions with, for the handler
 * (`@EvaluatedValidators()`, `@WriteCondition()`), `LostRaceInterceptor` and the range
 * responder: on Fastify's request, beside Express's (see per-object-state.ts).
 */
const COMPARED_KEY = Symbol('nestjs-conditional.comparedValidators');
type WithCompared = { [COMPARED_KEY]?: CurrentValidators };
const COMPARED = new PerObjectState<CurrentValidators>(isNotNodesMessage, {
  read: (target) => (target as WithCompared)[COMPARED_KEY],
  write: (target, compared) => void ((target as WithCompared)[COMPARED_KEY] = compared),
});

export function rememberComparedValidators(request: object, current: CurrentValidators): void {
  COMPARED.set(request, current);
}

/** What the guard compared, or `undefined` when it compared nothing (or the route is not conditional). */
export function comparedValidatorsOf(request: object): CurrentValidators | undefined {
  return COMPARED.get(request);
}
