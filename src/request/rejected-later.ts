/**
 * A promise that rejects with `reason` in a microtask of its own, not at once: what the guard
 * returns to stop a request through Nest's exception route.
 *
 * Why not a throw: the guard runs inside Nest's `GuardsConsumer.tryActivate`, an async
 * function, so a throw rejects its promise before Nest's `await` of it has attached a handler.
 * Node then tracks that promise as possibly unhandled (for `unhandledRejection`), and untracks
 * it when the handler comes; that bookkeeping was about a third of what Nest's exception route
 * costs an early 304 (BENCHMARKS.md, "An early 304 rejected, not thrown"). Resolved with a
 * thenable, this promise rejects in the job the resolution queues, once Nest awaits it; a Nest
 * that awaited it later would only pay the bookkeeping again, never lose the rejection.
 */
export function rejectedLater(reason: unknown): Promise<never> {
  return Promise.resolve<never>({
    then: (_resolve: unknown, reject: (reason: unknown) => void) => reject(reason),
  } as PromiseLike<never>);
}
