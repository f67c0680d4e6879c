import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * Thrown by the guard to stop the request with `304 Not Modified`; `NotModifiedFilter`
 * writes it. An `HttpException` so that, should another filter ever get it first, the
 * status is still right.
 */
export class NotModifiedException extends HttpException {
  constructor(readonly headers: ReadonlyArray<readonly [string, string]>) {
    super('Not Modified', HttpStatus.NOT_MODIFIED);
  }
}
