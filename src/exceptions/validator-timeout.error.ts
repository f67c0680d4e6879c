/**
 * A route's validators did not settle within its `validatorTimeout`. Not an `HttpException`:
 * Nest answers 500 and logs it, with the route in the message, as for any failure of the
 * app's own code. Map it to a 503 with an exception filter if clients should retry.
 */
export class ValidatorTimeoutError extends Error {
  override readonly name = 'ValidatorTimeoutError';
}
