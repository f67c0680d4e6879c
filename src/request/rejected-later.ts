/**
 * What the guard answers with to stop a request through Nest's exception route: a rejection
 * that comes in a microtask of its own, once Nest awaits it, never a throw.
 *
 * Why not a throw: the guard runs inside Nest's `GuardsConsumer.tryActivate`, an async
 * function, so a throw (for which V8 makes a message, with its location) rejects its promise
 * before Nest's `await` of it has attached a handler. Node then tracks that promise as possibly
 * unhandled (for `unhandledRejection`), and untracks it when the handler comes. The two were
 * about 40% of what Nest's exception route cost an early 304 (BENCHMARKS.md, "An early 304
 * rejected, not thrown").
 */

/**
 * A thenable whose `then` rejects with `reason`. A promise resolved with it (by `then`'s
 * callback returning it, or by {@link rejectedLater}) rejects in the job the resolution
 * queues, with no throw, and with no message for V8 to make.
 */
export function rejectingThenable(reason: unknown): PromiseLike<never> {
  // What `then` returns is never read by the promise machinery that calls it.
  return {
    then: (_onFulfilled?: unknown, onRejected?: ((reason: unknown) => unknown) | null) => void onRejected?.(reason),
  } as unknown as PromiseLike<never>;
}

/**
 * A promise that rejects with `reason` a microtask later, for the guard's synchronous answer:
 * once `canActivate()` has returned it, Nest's `await` is on it before the job runs. A Nest that
 * awaited it later (11.0.1's `pickResult` returns it from an async function, which adopts it a
 * job later) pays the bookkeeping as before, and never loses the rejection.
 */
export function rejectedLater(reason: unknown): Promise<never> {
  return Promise.resolve(rejectingThenable(reason));
}
