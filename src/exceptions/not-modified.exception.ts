import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * Thrown by the guard to stop the request with `304 Not Modified`; `NotModifiedFilter`
 * writes it. An `HttpException` so that, should another filter ever get it first, the
 * status is still right.
 *
 * It is built without a stack trace: it is an answer, not an error, and capturing the
 * stack was the largest single cost of an early 304 (measured in BENCHMARKS.md).
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
