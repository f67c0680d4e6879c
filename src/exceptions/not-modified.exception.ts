import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * The guard's answer that stops the request with `304 Not Modified`, as its promise's
 * rejection; `NotModifiedFilter` writes it. An `HttpException` so that, should another
 * filter ever get it first, the status is still right.
 *
 * It is built without a stack trace: it is an answer, not an error, and capturing the
 * stack was the largest single cost of an early 304 (measured in BENCHMARKS.md). The guard
 * makes it with {@link notModified}.
 */
export class NotModifiedException extends HttpException {
  readonly headers: ReadonlyArray<readonly [string, string]>;

  constructor(headers: ReadonlyArray<readonly [string, string]>) {
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super('Not Modified', HttpStatus.NOT_MODIFIED);
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    this.headers = headers;
  }
}

/** What every 304 shares: its message, status and response body, read through the prototype chain. */
const TEMPLATE = new NotModifiedException([]);

/**
 * A `NotModifiedException` with these headers, made from one built at start-up: only the
 * headers differ from one 304 to the next, and running the `HttpException` constructor per
 * request (its fields, name, message and cause, and the stack-trace limit swap) cost about
 * 0.55 us here, against 6 ns for this. It is `instanceof` both classes and answers
 * `getStatus()` and `getResponse()` as the constructed one does.
 */
export function notModified(headers: ReadonlyArray<readonly [string, string]>): NotModifiedException {
  const exception: { -readonly [K in keyof NotModifiedException]: NotModifiedException[K] } = Object.create(TEMPLATE);
  exception.headers = headers;
  return exception as NotModifiedException;
}
