/**
 * A promise that rejects with `reason` in a microtask of its own, not at once: what the guard
 * returns to stop a request through Nest's exception route.
 *
 * Why not a throw: the guard runs inside Nest's `GuardsConsumer.tryActivate`, an async
 * function, so a throw (for which V8 makes a message, with its location) rejects its promise
 * before Nest's `await` of it has attached a handler. Node then tracks that promise as possibly
 * unhandled (for `unhandledRejection`), and untracks it when the handler comes. The two were
 * about 40% of what Nest's exception route cost an early 304 (BENCHMARKS.md, "An early 304
 * rejected, not thrown"). Resolved with a thenable, this promise rejects in the job the
 * resolution queues, once Nest awaits it. A Nest that awaited it later (11.0.1's `pickResult`
 * returns it from an async function, which adopts it a job later) pays the bookkeeping as
 * before, and never loses the rejection.
 */
export function rejectedLater(reason: unknown): Promise<never> {
  return Promise.resolve<never>({
    then: (_resolve: unknown, reject: (reason: unknown) => void) => reject(reason),
  } as PromiseLike<never>);
}
