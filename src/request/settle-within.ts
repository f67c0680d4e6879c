import { ValidatorTimeoutError } from '../exceptions/validator-timeout.error';

/**
 * `work`, or a `ValidatorTimeoutError` naming `route` once `timeoutMs` has passed. The timer
 * is cleared as soon as the work settles, and never keeps the process alive.
 */
export function settleWithin<T>(work: Promise<T>, timeoutMs: number, route: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new ValidatorTimeoutError(`${route}: the validators did not settle within ${timeoutMs} ms`)),
      timeoutMs,
    );
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
