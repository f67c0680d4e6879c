import type { CurrentValidators } from './core';

/**
 * What the guard leaves on a request it let through, under `CONDITIONAL_STATE`: the
 * validators it compared the preconditions with (for `@EvaluatedValidators()`), and on
 * GET/HEAD the header fields the interceptor adds to the response.
 */
export interface ConditionalState {
  readonly validators: CurrentValidators;
  readonly responseHeaders: ReadonlyArray<readonly [string, string]> | undefined;
}
